// Recurring posts: an RRULE over the brand's wall-clock time, occurrences created ahead as
// ordinary posts, the same local time whatever DST does.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <date/date.h>

#include <set>

#include "publishing/local_time.h"
#include "publishing/series.h"
#include "publishing_setup.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

Millis instant(const json::value& text) { return instant_from_api(text); }

publishing::LocalDateTime berlin(Millis at) { return *publishing::to_local(at, "Europe/Berlin"); }

// "YYYY-MM-DDT10:00" for the day `days` from now, in Berlin.
std::string berlin_day_at_ten(int days) {
    const auto day = berlin(now_millis() + days * 86'400'000LL);
    char text[20];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT10:00", day.year, day.month, day.day);
    return text;
}

class SeriesApi : public ::testing::TestWithParam<store::Backend> {
protected:
    PublishingSetup setup{GetParam()};
    TestServer& server = *setup.server;
    std::string channel = setup.add_channel("series-account");

    HttpResponse recurring(const std::string& text, const std::string& first, const std::string& rule) {
        return server.call(setup.owner, "POST", "/api/v1/posts",
                           json::serialize(json::object{{"brand_id", setup.brand_id},
                                                        {"text", text},
                                                        {"targets", json::array{json::object{{"channel_id", channel}}}},
                                                        {"scheduled_at", first},
                                                        {"recurrence", rule}}));
    }
    // The series' posts, by time.
    std::vector<json::object> occurrences(const std::string& series_id) {
        std::vector<json::object> found;
        auto listed = server.call(setup.owner, "GET", "/api/v1/posts?limit=200&brand_id=" + setup.brand_id);
        const auto body = listed.json();
        for (const auto& item : body.at("items").as_array())
            if (item.at("series_id") == series_id) found.push_back(item.as_object());
        std::sort(found.begin(), found.end(),
                  [](const json::object& a, const json::object& b) { return instant(a.at("scheduled_at")) < instant(b.at("scheduled_at")); });
        return found;
    }
};

TEST_P(SeriesApi, FirstMondayOfTheMonthStaysAtTenBerlinTimeInWinterAndSummer) {
    auto created = recurring("Monthly menu", "2030-01-01T10:00", "FREQ=MONTHLY;BYDAY=1MO");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json().at("scheduled_at"), "2030-01-07T09:00:00.000Z") << "the rule decides: the first Monday, 10:00 CET";
    const std::string series_id(created.json().at("series_id").as_string());

    auto series = server.call(setup.owner, "GET", "/api/v1/series/" + series_id + "?upcoming=12");
    ASSERT_EQ(series.status, 200) << series.body;
    const auto body = series.json();
    EXPECT_EQ(body.at("recurrence"), "FREQ=MONTHLY;BYDAY=1MO");
    EXPECT_EQ(body.at("time_zone"), "Europe/Berlin");
    const auto& upcoming = body.at("upcoming").as_array();
    ASSERT_EQ(upcoming.size(), 12u);
    std::set<std::string> utc_hours;
    int month = 0;
    for (const auto& at : upcoming) {
        const Millis when = instant(at);
        const auto local = berlin(when);
        EXPECT_EQ(local.hour, 10) << at;
        EXPECT_EQ(local.minute, 0);
        EXPECT_LE(local.day, 7) << "the first Monday";
        const date::year_month_day day{date::year{local.year}, date::month{static_cast<unsigned>(local.month)},
                                       date::day{static_cast<unsigned>(local.day)}};
        EXPECT_EQ(date::weekday{date::sys_days{day}}, date::Monday) << at;
        EXPECT_EQ(local.month, month % 12 + 1);
        ++month;
        utc_hours.insert(std::string(at.as_string()).substr(11, 2));
    }
    EXPECT_EQ(utc_hours, (std::set<std::string>{"08", "09"})) << "UTC moves with DST; Berlin time does not";
}

TEST_P(SeriesApi, OccurrencesAreCreatedAheadAsPostsAndExtendedAsTimeGoesOnWithoutDoubles) {
    auto created = recurring("Weekly tip", berlin_day_at_ten(2), "FREQ=WEEKLY");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string series_id(created.json().at("series_id").as_string());
    auto ahead = occurrences(series_id);
    ASSERT_GE(ahead.size(), 5u) << "five weeks ahead are on the calendar";
    ASSERT_LE(ahead.size(), 6u);
    for (const auto& post : ahead) {
        EXPECT_EQ(post.at("targets").at(0).at("status"), "scheduled");
        EXPECT_EQ(berlin(instant(post.at("scheduled_at"))).hour, 10);
    }
    for (std::size_t i = 1; i < ahead.size(); ++i) {
        const auto gap = instant(ahead[i].at("scheduled_at")) - instant(ahead[i - 1].at("scheduled_at"));
        EXPECT_TRUE(gap == 168 * 3'600'000LL || gap == 167 * 3'600'000LL || gap == 169 * 3'600'000LL);
    }

    // The newest occurrence is the model for the next ones.
    const std::string newest(ahead.back().at("id").as_string());
    ASSERT_EQ(server.call(setup.owner, "PATCH", "/api/v1/posts/" + newest, R"({"text":"Weekly tip, revised"})").status, 200);

    // Three weeks later, the engine's periodic work adds what entered the horizon; running it
    // twice (two nodes) adds nothing more.
    auto& series = server.app().series();
    ASSERT_TRUE(series.extend_all(now_millis() + 21 * 86'400'000LL).ok());
    ASSERT_TRUE(series.extend_all(now_millis() + 21 * 86'400'000LL).ok());
    auto later = occurrences(series_id);
    EXPECT_EQ(later.size(), ahead.size() + 3);
    std::set<Millis> times;
    for (const auto& post : later) EXPECT_TRUE(times.insert(instant(post.at("scheduled_at"))).second) << "one post per occurrence";
    EXPECT_EQ(later.back().at("text"), "Weekly tip, revised");
}

TEST_P(SeriesApi, ARuleWithACountEndsAndStoppingASeriesRemovesItsFutureOccurrences) {
    auto counted = recurring("Three days", berlin_day_at_ten(1), "FREQ=DAILY;COUNT=3");
    ASSERT_EQ(counted.status, 201) << counted.body;
    const std::string counted_id(counted.json().at("series_id").as_string());
    EXPECT_EQ(occurrences(counted_id).size(), 3u);
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/series/" + counted_id).json().at("finished").as_bool(), true);

    auto weekly = recurring("Forever", berlin_day_at_ten(1), "FREQ=WEEKLY;BYDAY=MO,TH");
    const std::string weekly_id(weekly.json().at("series_id").as_string());
    ASSERT_GE(occurrences(weekly_id).size(), 9u);
    ASSERT_EQ(server.call(setup.owner, "DELETE", "/api/v1/series/" + weekly_id).status, 204);
    EXPECT_TRUE(occurrences(weekly_id).empty());
    const auto stopped = server.call(setup.owner, "GET", "/api/v1/series/" + weekly_id).json();
    EXPECT_EQ(stopped.at("finished").as_bool(), true);
    EXPECT_TRUE(stopped.at("upcoming").as_array().empty());
    ASSERT_TRUE(server.app().series().extend_all(now_millis() + 60 * 86'400'000LL).ok());
    EXPECT_TRUE(occurrences(weekly_id).empty()) << "a stopped series stays stopped";
}

TEST_P(SeriesApi, BadRulesAreRefusedByNameAndNothingIsWritten) {
    auto code_of = [&](const std::string& rule, const std::string& first = "2030-01-01T10:00") {
        auto response = recurring("x", first, rule);
        EXPECT_EQ(response.status, 422) << rule << " → " << response.body;
        EXPECT_EQ(response.json().at("error").at("field"), "recurrence");
        return std::string(response.json().at("error").at("code").as_string());
    };
    EXPECT_EQ(code_of("every monday"), "invalid_rule");
    EXPECT_EQ(code_of("FREQ=HOURLY"), "too_frequent");
    EXPECT_EQ(code_of("FREQ=DAILY;BYHOUR=9"), "time_in_rule");
    auto without_time = server.call(setup.owner, "POST", "/api/v1/posts",
                                    json::serialize(json::object{{"brand_id", setup.brand_id},
                                                                 {"text", "x"},
                                                                 {"targets", json::array{json::object{{"channel_id", channel}}}},
                                                                 {"recurrence", "FREQ=WEEKLY"}}));
    EXPECT_EQ(without_time.json().at("error").at("code"), "needs_time");
    EXPECT_TRUE(server.call(setup.owner, "GET", "/api/v1/posts").json().at("items").as_array().empty());
    auto stranger = server.new_owner("Other");
    auto created = recurring("Mine", "2030-01-01T10:00", "FREQ=WEEKLY");
    EXPECT_EQ(server.call(stranger, "GET", "/api/v1/series/" + std::string(created.json().at("series_id").as_string())).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, SeriesApi, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
