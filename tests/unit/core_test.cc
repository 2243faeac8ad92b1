#include <gtest/gtest.h>
#include <sodium.h>

#include <set>

#include "core/clock.h"
#include "core/id.h"
#include "core/result.h"
#include "core/role.h"
#include "core/utf8.h"

namespace chorus {
namespace {

Result<int> parse_positive(int value) {
    if (value <= 0) return Error::invalid("value", "not_positive", "must be positive");
    return value;
}

Result<int> doubled(int value) {
    int checked = TRY(parse_positive(value));
    return checked * 2;
}

TEST(Result, TryPassesTheValueOnAndReturnsTheErrorEarly) {
    EXPECT_EQ(*doubled(21), 42);
    auto failed = doubled(-1);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, "not_positive");
    EXPECT_EQ(failed.error().field, "value");
    EXPECT_EQ(http_status(failed.error().kind), 422);
}

TEST(Ids, CarryTheirPrefixAndSortByCreationTime) {
    ASSERT_GE(sodium_init(), 0);
    auto earlier = new_id("brand", std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'000)));
    auto later = new_id("brand", std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'001)));
    EXPECT_TRUE(is_id_of(earlier, "brand"));
    EXPECT_FALSE(is_id_of(earlier, "channel"));
    EXPECT_LT(earlier, later);
    EXPECT_EQ(earlier.size(), std::string("brand_").size() + 26);
}

TEST(Ids, AreUniqueWithinOneMillisecond) {
    std::set<std::string> seen;
    const auto now = std::chrono::system_clock::now();
    for (int i = 0; i < 10'000; ++i) seen.insert(new_id("post", now));
    EXPECT_EQ(seen.size(), 10'000u);
}

TEST(Secrets, AreLongAndDifferentEachTime) {
    auto a = random_secret();
    auto b = random_secret();
    EXPECT_NE(a, b);
    EXPECT_GE(a.size(), 51u);  // 256 bits in base32
}

TEST(Roles, RankFromViewerToOwner) {
    EXPECT_TRUE(is_at_least(Role::owner, Role::admin));
    EXPECT_TRUE(is_at_least(Role::editor, Role::editor));
    EXPECT_FALSE(is_at_least(Role::contributor, Role::editor));
    for (auto name : {"owner", "admin", "editor", "contributor", "viewer"}) EXPECT_EQ(to_string(*parse_role(name)), name);
    EXPECT_FALSE(parse_role("superuser"));
    EXPECT_FALSE(parse_role("Owner"));
}

TEST(Clock, FormatsUtcWithMilliseconds) {
    EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(format_utc(1'795'420'800'123), "2026-11-23T08:00:00.123Z");
    EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace chorus

namespace chorus {
namespace {

TEST(Utf8, InvalidBytesBecomeReplacementCharactersAndValidTextIsKept) {
    EXPECT_EQ(with_valid_utf8("Grüße 🎉"), "Grüße 🎉");
    EXPECT_EQ(with_valid_utf8("a\xFF\xFE" "b"), "a\uFFFD\uFFFD" "b");
    EXPECT_EQ(with_valid_utf8("\xC3"), "\uFFFD") << "a sequence cut short";
    EXPECT_EQ(with_valid_utf8("\xC0\xAF"), "\uFFFD\uFFFD") << "an overlong slash";
    EXPECT_EQ(with_valid_utf8("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD") << "a surrogate";
    EXPECT_EQ(first_invalid_utf8_byte("ok\xF5"), 2u);
    EXPECT_FALSE(first_invalid_utf8_byte("\xF4\x8F\xBF\xBF"));
}

TEST(Utf8, ALogValueCannotEndItsLineOrCarryInvalidBytes) {
    EXPECT_EQ(escaped_for_log("/nope\n2026-01-01 info event=FORGED"), "/nope\\n2026-01-01 info event=FORGED");
    EXPECT_EQ(escaped_for_log("a\r\tb\x1B[31m\\"), "a\\r\\tb\\u{1b}[31m\\\\");
    EXPECT_EQ(escaped_for_log("x\xE2\x80\xA8y\xC2\x85z"), "x\\u{2028}y\\u{85}z") << "Unicode's line breaks too";
    EXPECT_EQ(escaped_for_log("\xFF caf\xC3\xA9"), "\\x{ff} café");
}

}  // namespace
}  // namespace chorus
