// Sealing network credentials, and rotating the key that seals them.
#include <gtest/gtest.h>

#include "core/secret_box.h"

namespace chorus {
namespace {

SecretBox box_of(const std::vector<std::string>& keys) {
    auto box = SecretBox::from_keys(keys);
    if (!box) throw std::runtime_error(box.error().message);
    return std::move(*box);
}

TEST(SecretBox, ASealedSecretOpensOnlyWhole) {
    const auto box = box_of({SecretBox::generate_key()});
    const auto sealed = box.seal("refresh-token-123");
    EXPECT_EQ(sealed.find("refresh-token-123"), std::string::npos);
    EXPECT_NE(box.seal("refresh-token-123"), sealed) << "a fresh nonce every time";
    EXPECT_EQ(*box.open(sealed), "refresh-token-123");
    auto tampered = sealed;
    tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(box.open(tampered));
    EXPECT_FALSE(box.open("not sealed"));
    EXPECT_FALSE(SecretBox::from_keys({"c2hvcnQ="})) << "a key is 32 bytes";
    EXPECT_FALSE(SecretBox::from_keys({}));
}

TEST(SecretBox, AKeyIsNamedByItsFingerprintSoOlderKeysCanBeRemovedAfterResealing) {
    const auto old_key = SecretBox::generate_key();
    const auto new_key = SecretBox::generate_key();
    const auto before = box_of({old_key}).seal("token");
    const auto rotating = box_of({old_key, new_key});
    EXPECT_EQ(*rotating.open(before), "token") << "old secrets still open during the rotation";
    EXPECT_FALSE(rotating.is_current(before));
    const auto resealed = rotating.seal(*rotating.open(before));
    EXPECT_TRUE(rotating.is_current(resealed));
    EXPECT_TRUE(resealed.starts_with(rotating.current_prefix()));
    // With the old key removed, the new one is first in the list; its name has not moved.
    const auto after = box_of({new_key});
    EXPECT_EQ(*after.open(resealed), "token");
    EXPECT_TRUE(after.is_current(resealed));
    auto lost = after.open(before);
    ASSERT_FALSE(lost);
    EXPECT_NE(lost.error().message.find("which this server does not have"), std::string::npos);
}

TEST(SecretBox, ValuesSealedBeforeFingerprintsOpenByTheirPosition) {
    const auto first = SecretBox::generate_key();
    const auto second = SecretBox::generate_key();
    // The payload is unchanged; only the name was "k<position>".
    const auto fingerprinted = box_of({first}).seal("legacy");
    const auto legacy = "k1:" + fingerprinted.substr(fingerprinted.find(':') + 1);
    const auto rotating = box_of({first, second});
    EXPECT_EQ(*rotating.open(legacy), "legacy");
    EXPECT_FALSE(rotating.is_current(legacy)) << "reseal renames it";
    EXPECT_FALSE(box_of({second}).open(legacy));
}

}  // namespace
}  // namespace chorus
