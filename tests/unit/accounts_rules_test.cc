#include <gtest/gtest.h>
#include <sodium.h>

#include "accounts/passwords.h"
#include "accounts/validation.h"

namespace chorus::accounts {
namespace {

TEST(Passwords, AreHashedWithArgon2idAndVerified) {
    ASSERT_GE(sodium_init(), 0);
    auto hash = hash_password("correct horse battery", PasswordCost::minimum());
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
    EXPECT_TRUE(verify_password(hash, "correct horse battery"));
    EXPECT_FALSE(verify_password(hash, "correct horse batterY"));
    EXPECT_NE(hash, hash_password("correct horse battery", PasswordCost::minimum())) << "salted";
}

TEST(Passwords, SecretDigestsAreStableAndHex) {
    EXPECT_EQ(digest_secret("abc"), digest_secret("abc"));
    EXPECT_NE(digest_secret("abc"), digest_secret("abd"));
    EXPECT_EQ(digest_secret("abc").size(), 64u);
}

TEST(Validation, TimeZonesMustBeIanaNames) {
    EXPECT_TRUE(valid_time_zone("time_zone", "Europe/Berlin").ok());
    EXPECT_TRUE(valid_time_zone("time_zone", "America/Argentina/Buenos_Aires").ok());
    EXPECT_TRUE(valid_time_zone("time_zone", "UTC").ok());
    for (auto bad : {"", "Mars/Olympus_Mons", "../../etc/passwd", "Europe/berlin "}) {
        auto result = valid_time_zone("time_zone", bad);
        ASSERT_FALSE(result.ok()) << bad;
        EXPECT_EQ(result.error().code, "unknown_time_zone");
        EXPECT_EQ(result.error().field, "time_zone");
    }
}

TEST(Validation, EmailsAreLowerCasedAndShapeChecked) {
    EXPECT_EQ(*normalised_email("email", "  Ana@Example.COM "), "ana@example.com");
    for (auto bad : {"", "ana", "ana@", "@example.com", "ana@example", "a b@example.com", "a@@example.com"})
        EXPECT_FALSE(normalised_email("email", bad).ok()) << bad;
}

TEST(Validation, TextIsTrimmedAndCountedInCharactersNotBytes) {
    EXPECT_EQ(*required_text("name", "  Café  ", 4), "Café");
    EXPECT_TRUE(required_text("name", "日本語テキスト", 7).ok());
    EXPECT_EQ(required_text("name", "日本語テキスト!", 7).error().code, "too_long");
    EXPECT_EQ(required_text("name", " \t ", 7).error().code, "required");
}

TEST(Validation, ColoursAndUrls) {
    EXPECT_EQ(*valid_colour("colour", "#1D9BF0"), "#1d9bf0");
    EXPECT_FALSE(valid_colour("colour", "blue").ok());
    EXPECT_FALSE(valid_colour("colour", "#12345").ok());
    EXPECT_TRUE(valid_http_url("avatar_url", "https://cdn.example.com/a.png").ok());
    EXPECT_FALSE(valid_http_url("avatar_url", "javascript:alert(1)").ok());
    EXPECT_FALSE(valid_http_url("avatar_url", "https://a b").ok());
}

TEST(Validation, PasswordsNeedTenCharacters) {
    EXPECT_EQ(acceptable_password("password", "short").error().code, "password_too_short");
    EXPECT_TRUE(acceptable_password("password", "ten chars!").ok());
}

}  // namespace
}  // namespace chorus::accounts
