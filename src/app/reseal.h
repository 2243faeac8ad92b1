#pragma once
// Key rotation's second half. An operator adds a new key at the end of CHORUS_SECRET_KEYS
// and restarts: new secrets are sealed with it, old ones still open. `chorus reseal` then
// seals every stored secret again with the newest key, after which the older keys can be
// removed. It works in small transactions while servers run: a secret a server rewrote in
// the meantime (a refreshed token) is left as the server wrote it.
#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "core/secret_box.h"
#include "store/store.h"

namespace chorus::app {

struct ResealReport {
    std::int64_t resealed = 0;
    std::int64_t already_current = 0;
    std::int64_t unreadable = 0;  // sealed with a key this server does not have: left as they are
};

Result<ResealReport> reseal_secrets(store::Store& store, const SecretBox& secrets, std::size_t batch = 200);

}  // namespace chorus::app
