#pragma once
// SHA-256 as OAuth writes it: base64url without padding (PKCE challenges, state lookups);
// and plain base64, for HTTP Basic credentials.
#include <string>
#include <string_view>

namespace chorus {

std::string sha256_base64url(std::string_view text);
std::string base64(std::string_view bytes);

}  // namespace chorus
