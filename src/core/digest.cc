#include "core/digest.h"

#include <sodium.h>

#include <string>

namespace chorus {
namespace {

std::string encode(const unsigned char* bytes, std::size_t size, int variant) {
    std::string encoded(sodium_base64_ENCODED_LEN(size, variant), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), bytes, size, variant);
    encoded.resize(std::char_traits<char>::length(encoded.c_str()));  // up to the terminating NUL
    return encoded;
}

}  // namespace

std::string sha256_base64url(std::string_view text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return encode(digest, sizeof digest, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string base64(std::string_view bytes) {
    return encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
}

}  // namespace chorus
