// Scheduling in a brand's time zone. Expected instants come from the 2026 DST rules, not
// from the library: the EU changes on the last Sundays of March and October at 01:00 UTC,
// the US on the second Sunday of March and the first of November at 02:00 local.
#include <gtest/gtest.h>

#include "publishing/local_time.h"

namespace chorus::publishing {
namespace {

Millis utc(const LocalDateTime& local, std::string_view zone, WhenSkipped skipped = WhenSkipped::refuse,
           WhenRepeated repeated = WhenRepeated::refuse) {
    auto result = to_utc(local, zone, skipped, repeated);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? *result : -1;
}

TEST(LocalTime, OrdinaryTimesFollowTheSeasonOffset) {
    EXPECT_EQ(utc({2026, 7, 1, 9, 0}, "Europe/Berlin"), 1782889200000);   // 07:00Z, CEST
    EXPECT_EQ(utc({2026, 1, 5, 9, 0}, "Europe/Berlin"), 1767600000000);   // 08:00Z, CET
    EXPECT_EQ(utc({2026, 3, 29, 2, 30}, "Asia/Tokyo"), 1774719000000);    // no DST at all
}

TEST(LocalTime, ATimeTheClocksSkipIsRefusedOrMovedForwardAsAsked) {
    auto refused = to_utc({2026, 3, 29, 2, 30}, "Europe/Berlin", WhenSkipped::refuse, WhenRepeated::first);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "nonexistent_local_time");
    EXPECT_EQ(refused.error().field, "scheduled_at");
    // 02:30 does not exist; moved forward it is 03:30 CEST = 01:30Z.
    EXPECT_EQ(utc({2026, 3, 29, 2, 30}, "Europe/Berlin", WhenSkipped::move_forward), 1774747800000);
    EXPECT_EQ(utc({2026, 3, 8, 2, 15}, "America/New_York", WhenSkipped::move_forward), 1772954100000);  // 03:15 EDT
}

TEST(LocalTime, ATimeTheClocksRepeatIsRefusedOrResolvedToTheChosenOne) {
    auto refused = to_utc({2026, 10, 25, 2, 30}, "Europe/Berlin", WhenSkipped::refuse, WhenRepeated::refuse);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "ambiguous_local_time");
    EXPECT_EQ(utc({2026, 10, 25, 2, 30}, "Europe/Berlin", WhenSkipped::refuse, WhenRepeated::first), 1792888200000);   // CEST
    EXPECT_EQ(utc({2026, 10, 25, 2, 30}, "Europe/Berlin", WhenSkipped::refuse, WhenRepeated::second), 1792891800000);  // CET
    EXPECT_EQ(utc({2026, 11, 1, 1, 30}, "America/New_York", WhenSkipped::refuse, WhenRepeated::first), 1793511000000);
    EXPECT_EQ(utc({2026, 11, 1, 1, 30}, "America/New_York", WhenSkipped::refuse, WhenRepeated::second), 1793514600000);
}

TEST(LocalTime, BadInputIsAClearError) {
    EXPECT_EQ(to_utc({2026, 4, 31, 9, 0}, "Europe/Berlin", WhenSkipped::refuse, WhenRepeated::refuse).error().code,
              "invalid_local_time");
    EXPECT_EQ(to_utc({2026, 4, 1, 24, 0}, "Europe/Berlin", WhenSkipped::refuse, WhenRepeated::refuse).error().code,
              "invalid_local_time");
    EXPECT_EQ(to_utc({2026, 4, 1, 9, 0}, "Mars/Olympus", WhenSkipped::refuse, WhenRepeated::refuse).error().code,
              "unknown_time_zone");
}

TEST(LocalTime, InstantsReadBackAsTheWallClockTime) {
    auto local = to_local(1792888200000, "Europe/Berlin");
    ASSERT_TRUE(local.ok());
    EXPECT_EQ(local->year, 2026);
    EXPECT_EQ(local->month, 10);
    EXPECT_EQ(local->day, 25);
    EXPECT_EQ(local->hour, 2);
    EXPECT_EQ(local->minute, 30);
}

TEST(WeeklySlots, MondayNineStaysNineLocalAcrossSpringForward) {
    const Millis friday_before = 1774008000000;  // 2026-03-20 12:00Z
    auto first = next_weekly_slot(Weekday::monday, 9, 0, "Europe/Berlin", friday_before);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, 1774252800000);  // 2026-03-23 09:00 CET = 08:00Z
    auto second = next_weekly_slot(Weekday::monday, 9, 0, "Europe/Berlin", *first);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*second, 1774854000000) << "one week later is 07:00Z: still 09:00 on the wall";
    EXPECT_NE(*second - *first, 7LL * 24 * 3600 * 1000) << "not a fixed 168 hours";
}

TEST(WeeklySlots, MondayNineStaysNineLocalAcrossFallBack) {
    auto first = next_weekly_slot(Weekday::monday, 9, 0, "Europe/Berlin", 1792152000000);  // from 2026-10-16
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, 1792393200000);  // 2026-10-19 09:00 CEST = 07:00Z
    auto second = next_weekly_slot(Weekday::monday, 9, 0, "Europe/Berlin", *first);
    EXPECT_EQ(*second, 1793001600000);  // 2026-10-26 09:00 CET = 08:00Z
}

TEST(WeeklySlots, ASlotInTheSkippedHourMovesForwardAndASlotNowIsNextWeek) {
    // Sunday 02:30 does not exist on 2026-03-29 in Berlin: that week it runs at 03:30 CEST.
    auto skipped = next_weekly_slot(Weekday::sunday, 2, 30, "Europe/Berlin", 1774252800000);
    ASSERT_TRUE(skipped.ok());
    EXPECT_EQ(*skipped, 1774747800000);
    auto after_exact = next_weekly_slot(Weekday::monday, 9, 0, "Europe/Berlin", 1774252800000);
    EXPECT_EQ(*after_exact, 1774854000000) << "strictly after: the slot at this very instant is taken";
    EXPECT_EQ(next_weekly_slot(Weekday::monday, 25, 0, "Europe/Berlin", 0).error().code, "invalid_local_time");
}

}  // namespace
}  // namespace chorus::publishing
