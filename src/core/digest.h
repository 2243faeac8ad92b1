#pragma once
// SHA-256 as OAuth writes it: base64url without padding (PKCE challenges, state lookups).
#include <string>
#include <string_view>

namespace chorus {

std::string sha256_base64url(std::string_view text);

}  // namespace chorus
