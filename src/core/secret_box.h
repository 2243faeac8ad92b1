#pragma once
// Encryption at rest for network credentials: libsodium's secretbox (XSalsa20-Poly1305)
// under a 32-byte key from the operator's config. A sealed value names the key that sealed
// it by the key's fingerprint ("k_<12 characters>:<base64(nonce‖ciphertext)>"), so keys can
// be rotated: open() accepts every configured key, seal() always uses the newest, and once
// `chorus reseal` has sealed everything again with the newest, the older keys can go —
// the name does not depend on where a key stands in the list. Values sealed before keys
// had fingerprints name their position ("k1:") and open while the list keeps that order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace chorus {

class SecretBox {
public:
    // keys: base64 of 32 random bytes each, oldest first. Errors name the bad key.
    static Result<SecretBox> from_keys(const std::vector<std::string>& base64_keys);
    // A fresh random key in the form from_keys takes.
    static std::string generate_key();

    std::string seal(std::string_view plaintext) const;
    // Error when the value was sealed by a key we do not have or was tampered with.
    Result<std::string> open(std::string_view sealed) const;
    // Sealed with the newest key, under its fingerprint: nothing for `reseal` to do.
    bool is_current(std::string_view sealed) const;
    // What every value sealed now starts with ("k_…:").
    const std::string& current_prefix() const { return prefixes_.back(); }

private:
    std::vector<std::string> keys_;      // raw 32-byte keys, oldest first
    std::vector<std::string> prefixes_;  // "k_<fingerprint>:" of each
};

}  // namespace chorus
