// The parts of reading a network's answer that every connector shares: times as networks
// write them, and numbers in headers.
#include <gtest/gtest.h>

#include "networks/failures.h"

namespace chorus::networks {
namespace {

TEST(NetworkTimes, EveryOffsetNetworksWriteReadsAsTheSameInstant) {
    const Millis instant = 1'796'549'400'000;  // 2026-12-06T09:30:00Z
    EXPECT_EQ(parse_iso8601("2026-12-06T09:30:00Z"), instant);
    EXPECT_EQ(parse_iso8601("2026-12-06T09:30:00.250Z"), instant + 250);  // Mastodon
    EXPECT_EQ(parse_iso8601("2026-12-06T09:30:00.5Z"), instant + 500);
    EXPECT_EQ(parse_iso8601("2026-12-06T09:30:00-00:00"), instant);  // Pinterest
    EXPECT_EQ(parse_iso8601("2026-12-06T09:30:00+0000"), instant);   // Meta
    EXPECT_EQ(parse_iso8601("2026-12-06T10:30:00+01:00"), instant);
    EXPECT_EQ(parse_iso8601("2026-12-06T04:00:00-05:30"), instant);
    EXPECT_FALSE(parse_iso8601("2026-12-06T09:30:00"));
    EXPECT_FALSE(parse_iso8601("2026-12-06T09:30:00+1"));
    EXPECT_FALSE(parse_iso8601("2026-12-06T09:30:00+ab:cd"));
    EXPECT_FALSE(parse_iso8601("yesterday"));
}

// Found by fuzz_network_answers: "Retry-After: 200000000000000000" overflowed. A server a
// user names (Mastodon, Bluesky) may send anything.
TEST(NetworkHeaders, AHugeNumberOfSecondsIsAFarFutureNotAnOverflow) {
    const Millis now = 1'780'000'000'000;
    auto far = parse_retry_after("200000000000000000", now);
    ASSERT_TRUE(far);
    EXPECT_GT(*far, now + std::int64_t{1'000'000'000'000'000});
    EXPECT_EQ(millis_from_seconds(INT64_MAX), millis_from_seconds(INT64_MAX / 2)) << "saturated";
    EXPECT_LT(millis_from_seconds(INT64_MIN), 0);
    EXPECT_EQ(millis_from_seconds(90), 90'000);
    EXPECT_EQ(parse_retry_after("120", now), now + 120'000);
}

TEST(NetworkHeaders, OnlyAWholeNumberIsANumber) {
    HttpResponse response;
    response.headers = {{"x-ratelimit-remaining", "42"}, {"x-ratelimit-reset", "60s"}, {"x-empty", ""}};
    EXPECT_EQ(header_number(response, "x-ratelimit-remaining"), 42);
    EXPECT_FALSE(header_number(response, "x-ratelimit-reset"));
    EXPECT_FALSE(header_number(response, "x-empty"));
    EXPECT_FALSE(header_number(response, "x-missing"));
}

}  // namespace
}  // namespace chorus::networks
