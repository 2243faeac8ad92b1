// Posting slots and "add to queue": the next free slot of each channel, in the brand's
// wall-clock time across DST, re-flowed in order when the slots change.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <limits>
#include <set>

#include "publishing/job_queue.h"
#include "publishing/local_time.h"
#include "publishing_setup.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

Millis instant(const json::value& text) { return instant_from_api(text); }

class QueueApi : public ::testing::TestWithParam<store::Backend> {
protected:
    PublishingSetup setup{GetParam()};
    TestServer& server = *setup.server;
    std::string channel = setup.add_channel("queue-account");

    HttpResponse put_slots(const std::string& slots) {
        return server.call(setup.owner, "PUT", "/api/v1/channels/" + channel + "/slots", "{\"slots\":" + slots + "}");
    }
    json::object queue_post(const std::string& text) { return setup.create_post({channel}, text, "\"queue\":true"); }
    Millis time_of(const std::string& post_id) {
        return instant(setup.get_post(post_id).at("targets").at(0).at("scheduled_at"));
    }
    publishing::LocalDateTime berlin(Millis at) { return *publishing::to_local(at, "Europe/Berlin"); }
};

TEST_P(QueueApi, SlotsAreKeptInTheBrandsZoneAndBadSlotsAreRefusedByField) {
    auto set = put_slots(R"([{"day":"wednesday","time":"12:30"},{"day":"monday","time":"09:00"},{"day":"monday","time":"09:00"}])");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.json().at("time_zone"), "Europe/Berlin");
    const auto body = set.json();
    const auto& slots = body.at("slots").as_array();
    ASSERT_EQ(slots.size(), 2u) << "a repeated slot is one slot";
    EXPECT_EQ(slots[0].at("day"), "monday");
    EXPECT_EQ(slots[0].at("time"), "09:00");
    EXPECT_EQ(slots[1].at("day"), "wednesday");
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/channels/" + channel + "/slots").json(), set.json());

    auto bad_day = put_slots(R"([{"day":"mon","time":"09:00"}])");
    EXPECT_EQ(bad_day.status, 422);
    EXPECT_EQ(bad_day.json().at("error").at("field"), "slots[0].day");
    auto bad_time = put_slots(R"([{"day":"monday","time":"09:00"},{"day":"friday","time":"24:00"}])");
    EXPECT_EQ(bad_time.json().at("error").at("field"), "slots[1].time");
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/channels/" + channel + "/slots").json(), set.json())
        << "a refused edit changes nothing";
    auto stranger = server.new_owner("Other");
    EXPECT_EQ(server.call(stranger, "GET", "/api/v1/channels/" + channel + "/slots").status, 404);
}

TEST_P(QueueApi, AddToQueueTakesTheNextFreeSlotsInOrder) {
    ASSERT_EQ(put_slots(R"([{"day":"monday","time":"09:00"},{"day":"wednesday","time":"12:30"}])").status, 200);
    const std::string first(queue_post("First").at("id").as_string());
    const std::string second(queue_post("Second").at("id").as_string());
    const std::string third(queue_post("Third").at("id").as_string());
    const Millis a = time_of(first), b = time_of(second), c = time_of(third);
    EXPECT_GT(a, now_millis());
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    EXPECT_LE(c - a, 8LL * 24 * 3600 * 1000) << "three consecutive slots of a two-slot week fit in eight days";
    std::set<std::pair<int, int>> wall_clock;
    for (Millis at : {a, b, c}) wall_clock.insert({berlin(at).hour, berlin(at).minute});
    EXPECT_EQ(wall_clock, (std::set<std::pair<int, int>>{{9, 0}, {12, 30}}));
    const auto post = setup.get_post(first);
    EXPECT_EQ(post.at("targets").at(0).at("queued").as_bool(), true);
    EXPECT_EQ(post.at("scheduled_at"), post.at("targets").at(0).at("scheduled_at"));
}

TEST_P(QueueApi, AWeeklySlotStaysAtTheSameWallClockTimeAcrossDaylightSavingChanges) {
    ASSERT_EQ(put_slots(R"([{"day":"monday","time":"09:00"}])").status, 200);
    std::set<Millis> offsets;
    Millis previous = 0;
    for (int week = 0; week < 40; ++week) {  // forty weeks always include a DST change in Berlin
        const Millis at = time_of(std::string(queue_post("Week " + std::to_string(week)).at("id").as_string()));
        const auto local = berlin(at);
        EXPECT_EQ(local.hour, 9) << format_utc(at);
        EXPECT_EQ(local.minute, 0);
        if (previous) offsets.insert(at - previous);
        previous = at;
    }
    const Millis hour = 3'600'000;
    for (Millis gap : offsets) EXPECT_TRUE(gap == 168 * hour || gap == 167 * hour || gap == 169 * hour) << gap / hour << " h";
    EXPECT_GE(offsets.size(), 2u) << "a week of 167 h or 169 h, where the clocks changed";
}

TEST_P(QueueApi, QueueingWithoutSlotsIsRefusedNamingTheChannel) {
    auto refused = server.call(setup.owner, "POST", "/api/v1/posts",
                               json::serialize(json::object{{"brand_id", setup.brand_id},
                                                            {"text", "Nowhere to go"},
                                                            {"targets", json::array{json::object{{"channel_id", channel}}}},
                                                            {"queue", true}}));
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.json().at("error").at("code"), "no_slots");
    EXPECT_NE(std::string(refused.json().at("error").at("message").as_string()).find(channel), std::string::npos);
}

TEST_P(QueueApi, EditingSlotsReflowsQueuedPostsInTheirOrderAndLeavesTimedPostsAlone) {
    ASSERT_EQ(put_slots(R"([{"day":"monday","time":"09:00"}])").status, 200);
    std::vector<std::string> queued;
    for (const char* text : {"A", "B", "C"}) queued.emplace_back(queue_post(text).at("id").as_string());
    const std::string timed(setup.create_post({channel}, "Pinned", "\"scheduled_at\":\"2031-02-03T09:00\"").at("id").as_string());
    const Millis pinned = time_of(timed);

    ASSERT_EQ(put_slots(R"([{"day":"tuesday","time":"10:00"},{"day":"thursday","time":"16:45"}])").status, 200);
    Millis previous = 0;
    for (const auto& id : queued) {
        const Millis at = time_of(id);
        const auto local = berlin(at);
        EXPECT_TRUE((local.hour == 10 && local.minute == 0) || (local.hour == 16 && local.minute == 45)) << format_utc(at);
        EXPECT_GT(at, previous) << "A, B, C keep their order";
        previous = at;
    }
    EXPECT_EQ(time_of(timed), pinned);
    const auto history = setup.get_post(queued[0]).at("history").as_array();
    EXPECT_EQ(history.back().at("kind"), "requeued");

    // Deleting B leaves a gap that re-queueing closes: C moves up into B's slot.
    const Millis b_slot = time_of(queued[1]);
    ASSERT_EQ(server.call(setup.owner, "DELETE", "/api/v1/posts/" + queued[1]).status, 204);
    auto requeued = server.call(setup.owner, "POST", "/api/v1/channels/" + channel + "/queue/requeue");
    ASSERT_EQ(requeued.status, 200) << requeued.body;
    EXPECT_EQ(requeued.json().at("moved").as_int64(), 2);
    EXPECT_EQ(time_of(queued[2]), b_slot);

    std::set<Millis> before{time_of(queued[0]), time_of(queued[2])};
    auto shuffled = server.call(setup.owner, "POST", "/api/v1/channels/" + channel + "/queue/shuffle");
    ASSERT_EQ(shuffled.status, 200);
    EXPECT_EQ((std::set<Millis>{time_of(queued[0]), time_of(queued[2])}), before) << "shuffling reorders within the same slots";
}

TEST_P(QueueApi, APausedChannelPublishesNothingNewAndResumingDoesNotCatchUpInABurst) {
    ASSERT_EQ(put_slots(R"([{"day":"monday","time":"09:00"},{"day":"thursday","time":"16:45"}])").status, 200);
    const std::string running = setup.add_channel("running-account");
    const auto contributor = server.add_member(setup.owner, "contributor");
    EXPECT_EQ(server.call(contributor, "POST", "/api/v1/channels/" + channel + "/queue/pause").status, 403);
    EXPECT_EQ(server.call(server.new_owner("Other"), "POST", "/api/v1/channels/" + channel + "/queue/pause").status, 404);

    auto paused = server.call(setup.owner, "POST", "/api/v1/channels/" + channel + "/queue/pause");
    ASSERT_EQ(paused.status, 200) << paused.body;
    EXPECT_TRUE(paused.json().at("paused_at").is_string());
    EXPECT_FALSE(paused.json().at("paused_by").as_string().empty()) << "the queue view says who paused it";
    auto again = server.call(setup.owner, "POST", "/api/v1/channels/" + channel + "/queue/pause");
    EXPECT_EQ(again.json().at("paused_at"), paused.json().at("paused_at")) << "pausing twice keeps the first pause";
    const auto channels = server.call(setup.owner, "GET", "/api/v1/channels?brand_id=" + setup.brand_id).json();
    for (const auto& item : channels.at("items").as_array())
        EXPECT_EQ(item.at("paused_at").is_string(), item.at("id") == channel) << "only the paused channel says so";

    // While paused: "publish now" waits, and a queued post's slot passes.
    const std::string now_post(setup.create_post({channel}, "Right now", "\"publish_now\":true").at("id").as_string());
    const std::string queued(queue_post("From the queue").at("id").as_string());
    const Millis passed_slot = now_millis() - 60'000;
    ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE post_targets SET scheduled_at = $2, run_at = $2 WHERE post_id = $1", {queued, passed_slot});
        return {};
    }));
    // Another channel of the brand goes on publishing; an attempt under way on the paused one,
    // whose node stopped (its lease lapsed), is finished: it may be on the network already.
    const std::string other(setup.create_post({running}, "Elsewhere", "\"publish_now\":true").at("id").as_string());
    const std::string under_way(setup.create_post({channel}, "Under way", "\"publish_now\":true").at("id").as_string());
    ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE post_targets SET status = 'publishing', lease_owner = 'gone', attempts_started = 1 WHERE post_id = $1",
                   {under_way});
        return {};
    }));
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/channels/" + channel + "/slots").json().at("waiting").as_int64(), 2)
        << "the paused queue says what it holds back past its time";
    publishing::JobQueue jobs(server.app().store());
    auto claimed = jobs.claim({"node-a", 60'000, 10}, now_millis());
    ASSERT_TRUE(claimed);
    std::set<std::string> taken;
    for (const auto& job : *claimed) taken.insert(job.post_id);
    EXPECT_EQ(taken, (std::set<std::string>{other, under_way})) << "nothing new of the paused channel is claimed";
    auto next = jobs.next_due();
    ASSERT_TRUE(next);
    EXPECT_GT(next->value_or(std::numeric_limits<Millis>::max()), now_millis() + 30'000)
        << "the scheduler does not keep waking for posts that must wait";

    // Resuming sends what was given a time now, and puts the queue in its next free slot.
    auto resumed = server.call(setup.owner, "POST", "/api/v1/channels/" + channel + "/queue/resume");
    ASSERT_EQ(resumed.status, 200) << resumed.body;
    EXPECT_TRUE(resumed.json().at("paused_at").is_null());
    EXPECT_EQ(resumed.json().at("due_now").as_int64(), 1) << "the timed post; the queued one moved";
    EXPECT_EQ(resumed.json().at("requeued").as_int64(), 1);
    EXPECT_GT(time_of(queued), now_millis()) << "the missed slot is not fired late";
    const auto local = berlin(time_of(queued));
    EXPECT_TRUE((local.hour == 9 && local.minute == 0) || (local.hour == 16 && local.minute == 45));
    claimed = jobs.claim({"node-a", 60'000, 10}, now_millis());
    ASSERT_TRUE(claimed);
    ASSERT_EQ(claimed->size(), 1u);
    EXPECT_EQ(claimed->at(0).post_id, now_post);
    EXPECT_EQ(server.call(setup.owner, "POST", "/api/v1/channels/" + channel + "/queue/resume").json().at("due_now").as_int64(), 0)
        << "resuming a running channel changes nothing";
}

INSTANTIATE_TEST_SUITE_P(Stores, QueueApi, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
