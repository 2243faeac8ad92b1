#pragma once
// Argon2id through libsodium. The cost is a parameter so that tests can use libsodium's
// minimum (still Argon2id, still verified) while production uses the interactive profile.
#include <cstddef>
#include <string>
#include <string_view>

namespace chorus::accounts {

struct PasswordCost {
    unsigned long long ops;
    std::size_t memory_bytes;
    static PasswordCost interactive();  // libsodium's recommendation for logins
    static PasswordCost minimum();      // for tests only
};

std::string hash_password(std::string_view password, PasswordCost cost);
bool verify_password(std::string_view encoded_hash, std::string_view password);

// A one-way digest of a bearer secret (session cookie, API token) for storage and lookup.
std::string digest_secret(std::string_view secret);

}  // namespace chorus::accounts
