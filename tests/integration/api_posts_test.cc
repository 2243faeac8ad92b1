// Posts through the API: drafts, scheduling in the brand's zone, validation naming the
// target and rule, listing for the calendar, edits, and tenancy.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <tuple>

#include "publishing_setup.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class PostsApi : public ::testing::TestWithParam<store::Backend> {
protected:
    PublishingSetup setup{GetParam()};
    TestServer& server = *setup.server;

    std::string add_channel(const std::string& network, const std::string& handle) {
        return setup.add_unconnected_channel(network, handle);
    }
    HttpResponse post(const std::string& body) { return server.call(setup.owner, "POST", "/api/v1/posts", body); }
};

TEST_P(PostsApi, ADraftKeepsItsTargetsAndOverridesAndStaysUnscheduled) {
    const auto x = add_channel("x", "@luna");
    const auto bluesky = add_channel("bluesky", "luna.bsky.social");
    auto created = post(json::serialize(json::object{
        {"brand_id", setup.brand_id},
        {"text", "Base text"},
        {"targets", json::array{json::object{{"channel_id", x}}, json::object{{"channel_id", bluesky}, {"text", "Bluesky variant"}}}}}));
    ASSERT_EQ(created.status, 201) << created.body;
    auto body = created.json().as_object();
    EXPECT_TRUE(body.at("scheduled_at").is_null());
    EXPECT_EQ(body.at("time_zone"), "Europe/Berlin");
    const auto& targets = body.at("targets").as_array();
    ASSERT_EQ(targets.size(), 2u);
    for (const auto& target : targets) {
        EXPECT_EQ(target.at("status"), "draft");
        EXPECT_TRUE(target.at("remote_url").is_null());
        EXPECT_EQ(std::string(target.at("id").as_string()).rfind("target_", 0), 0u);
    }
    EXPECT_EQ(targets[1].at("text"), "Bluesky variant");
    EXPECT_TRUE(targets[0].at("text").is_null()) << "no override: the base text is used";
    auto fetched = server.call(setup.owner, "GET", "/api/v1/posts/" + std::string(body.at("id").as_string()));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.json().at("history").as_array().size(), 2u) << "one 'created' event per target";
}

TEST_P(PostsApi, SchedulingATooLongXVariantIsRefusedNamingTheTargetAndTheRule) {
    const auto bluesky = add_channel("bluesky", "luna.bsky.social");
    const auto x = add_channel("x", "@luna");
    const std::string long_text(300, 'a');
    auto refused = post(json::serialize(json::object{
        {"brand_id", setup.brand_id},
        {"text", "Short base"},
        {"targets", json::array{json::object{{"channel_id", bluesky}}, json::object{{"channel_id", x}, {"text", long_text}}}},
        {"scheduled_at", "2030-01-07T09:00:00+01:00"}}));
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.json().at("error").at("field"), "targets[1].text");
    EXPECT_EQ(refused.json().at("error").at("code"), "too_long");
    EXPECT_NE(std::string(refused.json().at("error").at("message").as_string()).find("x: "), std::string::npos);
    auto listed = server.call(setup.owner, "GET", "/api/v1/posts?brand_id=" + setup.brand_id);
    EXPECT_TRUE(listed.json().at("items").as_array().empty()) << "nothing is written when scheduling is refused";
}

TEST_P(PostsApi, ATimeWithoutOffsetIsTheBrandsWallClockAndSkippedOrRepeatedHoursAreRefused) {
    const auto channel = add_channel("mastodon", "@luna@example.social");
    auto body = [&](const std::string& when) {
        return json::serialize(json::object{{"brand_id", setup.brand_id},
                                            {"text", "Hello"},
                                            {"targets", json::array{json::object{{"channel_id", channel}}}},
                                            {"scheduled_at", when}});
    };
    auto winter = post(body("2030-01-07T09:00"));
    ASSERT_EQ(winter.status, 201) << winter.body;
    EXPECT_EQ(winter.json().at("scheduled_at"), "2030-01-07T08:00:00.000Z") << "09:00 in Berlin in winter is 08:00 UTC";
    EXPECT_EQ(winter.json().at("targets").at(0).at("status"), "scheduled");
    auto summer = post(body("2030-07-01T09:00"));
    EXPECT_EQ(summer.json().at("scheduled_at"), "2030-07-01T07:00:00.000Z");

    auto gap = post(body("2030-03-31T02:30"));
    EXPECT_EQ(gap.status, 422);
    EXPECT_EQ(gap.json().at("error").at("code"), "nonexistent_local_time");
    EXPECT_EQ(gap.json().at("error").at("field"), "scheduled_at");
    auto repeated = post(body("2030-10-27T02:30"));
    EXPECT_EQ(repeated.json().at("error").at("code"), "ambiguous_local_time");
    auto explicit_offset = post(body("2030-10-27T02:30:00+01:00"));
    ASSERT_EQ(explicit_offset.status, 201) << "an offset says which 02:30 is meant";
    EXPECT_EQ(explicit_offset.json().at("scheduled_at"), "2030-10-27T01:30:00.000Z");
    EXPECT_EQ(post(body("next tuesday")).json().at("error").at("code"), "invalid_time");
}

TEST_P(PostsApi, TheCalendarListsPostsByTimeRangeChannelAndStatus) {
    const auto a = add_channel("mastodon", "@a@example.social");
    const auto b = add_channel("bluesky", "b.bsky.social");
    auto make = [&](const std::string& channel, const std::string& when) {
        json::object body{{"brand_id", setup.brand_id}, {"text", "Post"}, {"targets", json::array{json::object{{"channel_id", channel}}}}};
        if (!when.empty()) body["scheduled_at"] = when;
        auto created = post(json::serialize(body));
        EXPECT_EQ(created.status, 201) << created.body;
        return std::string(created.json().at("id").as_string());
    };
    const auto december = make(a, "2030-12-01T10:00");
    const auto january = make(b, "2031-01-05T10:00");
    const auto draft = make(a, "");
    auto ids = [&](const std::string& query) {
        std::set<std::string> out;
        auto listed = server.call(setup.owner, "GET", "/api/v1/posts?" + query);
        EXPECT_EQ(listed.status, 200) << listed.body;
        const auto body = listed.json();
        for (const auto& item : body.at("items").as_array()) out.insert(std::string(item.at("id").as_string()));
        return out;
    };
    EXPECT_EQ(ids("from=2030-12-01T00:00:00Z&to=2031-01-01T00:00:00Z"), std::set<std::string>{december});
    EXPECT_EQ(ids("channel_id=" + a), (std::set<std::string>{december, draft}));
    EXPECT_EQ(ids("status=draft"), std::set<std::string>{draft});
    EXPECT_EQ(ids("status=scheduled&brand_id=" + setup.brand_id), (std::set<std::string>{december, january}));
    EXPECT_EQ(ids("unscheduled=true&brand_id=" + setup.brand_id), std::set<std::string>{draft}) << "the drafts panel: posts without a time";
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/posts?from=yesterday").status, 422);
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/posts?unscheduled=yes").json().at("error").at("field"), "unscheduled");
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/posts?view=tiny").json().at("error").at("field"), "view");
}

TEST_P(PostsApi, TheSummaryViewCarriesWhatACalendarDrawsAndEachChannelsOwnText) {
    const auto a = add_channel("mastodon", "@a@example.social");
    const auto b = add_channel("bluesky", "b.bsky.social");
    const std::string long_text = "Winter menu: " + std::string(400, 'x');
    auto created = post(json::serialize(json::object{
        {"brand_id", setup.brand_id},
        {"text", long_text},
        {"targets", json::array{json::object{{"channel_id", a}}, json::object{{"channel_id", b}, {"text", "Short for Bluesky"}}}},
        {"scheduled_at", "2030-12-01T10:00"}}));
    ASSERT_EQ(created.status, 201) << created.body;
    auto full = server.call(setup.owner, "GET", "/api/v1/posts?brand_id=" + setup.brand_id);
    auto summary = server.call(setup.owner, "GET", "/api/v1/posts?view=summary&brand_id=" + setup.brand_id);
    ASSERT_EQ(summary.status, 200) << summary.body;
    const auto item = summary.json().at("items").at(0).as_object();
    EXPECT_EQ(item.at("id"), created.json().at("id"));
    EXPECT_EQ(item.at("scheduled_at"), "2030-12-01T09:00:00.000Z");
    EXPECT_TRUE(std::string(item.at("text").as_string()).starts_with("Winter menu: xxx"));
    EXPECT_LT(item.at("text").as_string().size(), long_text.size()) << "a summary's text is cut";
    const auto& targets = item.at("targets").as_array();
    ASSERT_EQ(targets.size(), 2u);
    std::set<std::string> texts;
    for (const auto& target : targets) {
        EXPECT_EQ(target.at("status"), "scheduled");
        EXPECT_FALSE(target.as_object().contains("options"));
        if (target.at("text").is_string()) texts.insert(std::string(target.at("text").as_string()));
    }
    EXPECT_EQ(texts, std::set<std::string>{"Short for Bluesky"});
    EXPECT_LT(summary.body.size() * 10, full.body.size() * 6) << "a summary is well under the full answer, even with a long text";
}

TEST_P(PostsApi, ReschedulingMovesEveryScheduledTargetAndUnschedulingMakesADraft) {
    const auto channel = add_channel("mastodon", "@luna@example.social");
    auto created = post(json::serialize(json::object{{"brand_id", setup.brand_id},
                                                     {"text", "Hello"},
                                                     {"targets", json::array{json::object{{"channel_id", channel}}}},
                                                     {"scheduled_at", "2030-05-01T10:00"}}));
    const std::string id(created.json().at("id").as_string());
    auto moved = server.call(setup.owner, "PATCH", "/api/v1/posts/" + id, R"({"scheduled_at":"2030-05-02T11:30"})");
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.json().at("scheduled_at"), "2030-05-02T09:30:00.000Z");
    EXPECT_EQ(moved.json().at("targets").at(0).at("next_attempt_at"), "2030-05-02T09:30:00.000Z");
    auto too_long = server.call(setup.owner, "PATCH", "/api/v1/posts/" + id, json::serialize(json::object{{"text", std::string(600, 'x')}}));
    EXPECT_EQ(too_long.status, 422) << "a scheduled post is validated again when its text changes";
    auto unscheduled = server.call(setup.owner, "PATCH", "/api/v1/posts/" + id, R"({"scheduled_at":null})");
    ASSERT_EQ(unscheduled.status, 200) << unscheduled.body;
    EXPECT_EQ(unscheduled.json().at("targets").at(0).at("status"), "draft");
    EXPECT_TRUE(unscheduled.json().at("scheduled_at").is_null());
    EXPECT_EQ(server.call(setup.owner, "DELETE", "/api/v1/posts/" + id).status, 204);
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/posts/" + id).status, 404);
}

TEST_P(PostsApi, AnEditThatSendsThePostBackWithItsOwnBrandIsAnEditAndAnotherBrandIsRefused) {
    const auto channel = add_channel("mastodon", "@luna@example.social");
    auto created = post(json::serialize(json::object{{"brand_id", setup.brand_id},
                                                     {"text", "Soup of the day"},
                                                     {"targets", json::array{json::object{{"channel_id", channel}}}},
                                                     {"scheduled_at", "2030-05-01T10:00"}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id(created.json().at("id").as_string());
    // What the web composer sends: the whole post, its brand included.
    auto edited = server.call(setup.owner, "PATCH", "/api/v1/posts/" + id,
                              json::serialize(json::object{{"brand_id", setup.brand_id},
                                                           {"text", "Soup of the week"},
                                                           {"targets", json::array{json::object{{"channel_id", channel}}}},
                                                           {"scheduled_at", "2030-05-02T10:00"}}));
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(edited.json().at("text"), "Soup of the week");
    EXPECT_EQ(edited.json().at("targets").at(0).at("status"), "scheduled");
    auto other = server.call(setup.owner, "POST", "/api/v1/brands", R"({"name":"Side Project","time_zone":"UTC"})");
    ASSERT_EQ(other.status, 201) << other.body;
    auto moved = server.call(setup.owner, "PATCH", "/api/v1/posts/" + id,
                             json::serialize(json::object{{"brand_id", other.json().at("id")}, {"text", "Moved"}}));
    ASSERT_EQ(moved.status, 422) << moved.body;
    EXPECT_EQ(moved.json().at("error").at("field"), "brand_id");
    EXPECT_EQ(moved.json().at("error").at("code"), "immutable");
    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/posts/" + id).json().at("text"), "Soup of the week") << "nothing of a refused edit is kept";
}

TEST_P(PostsApi, EachChannelsHistorySaysWhatAnEditChangedInWhatItPublishesAndWho) {
    const auto x = add_channel("x", "@luna");
    const auto bluesky = add_channel("bluesky", "luna.bsky.social");
    const auto body_with = [&](const std::string& text, const std::string& comment) {
        return json::serialize(json::object{
            {"brand_id", setup.brand_id},
            {"text", text},
            {"targets", json::array{json::object{{"channel_id", x}, {"first_comment", comment}},
                                    json::object{{"channel_id", bluesky}, {"text", "Bluesky's own words"}}}}});
    };
    auto created = post(body_with("Soup of the day", "Menu at the counter"));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto created_post = created.json();
    const std::string id(created_post.at("id").as_string());
    const auto edits = [&] {
        std::map<std::string, std::vector<std::string>> by_target;
        const auto fetched = server.call(setup.owner, "GET", "/api/v1/posts/" + id).json();
        for (const auto& event : fetched.at("history").as_array())
            if (event.at("kind") == "edited")
                by_target[std::string(event.at("target_id").as_string())].emplace_back(event.at("detail").as_string());
        return by_target;
    };
    const auto target_of = [&](const std::string& channel) {
        for (const auto& target : created_post.at("targets").as_array())
            if (target.at("channel_id") == channel) return std::string(target.at("id").as_string());
        return std::string();
    };

    // The composer sends the whole post back: saved unchanged, it is no edit.
    ASSERT_EQ(server.call(setup.owner, "PATCH", "/api/v1/posts/" + id, body_with("Soup of the day", "Menu at the counter")).status, 200);
    EXPECT_TRUE(edits().empty());

    ASSERT_EQ(server.call(setup.owner, "PATCH", "/api/v1/posts/" + id, body_with("Soup of the week", "Menu on the board")).status, 200);
    auto seen = edits();
    ASSERT_EQ(seen[target_of(x)].size(), 1u);
    EXPECT_EQ(seen[target_of(x)][0], "text and first comment changed by Owner");
    EXPECT_TRUE(seen[target_of(bluesky)].empty()) << "Bluesky keeps its own text: the post's new text changes nothing there";

    // Once X has the post, a later edit no longer reaches it there.
    ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE post_targets SET status = 'published' WHERE id = $1", {target_of(x)});
        return {};
    }));
    ASSERT_EQ(server.call(setup.owner, "PATCH", "/api/v1/posts/" + id, R"({"text":"Soup of the month"})").status, 200);
    EXPECT_EQ(edits()[target_of(x)].size(), 1u) << "no edit is recorded where the post is already out";
}

TEST_P(PostsApi, ACalendarMonthGetsEachDaysFirstPostsAndCountsTheRestInTheBrandsZone) {
    const auto channel = add_channel("mastodon", "@luna@example.social");
    std::vector<std::string> may_first;
    for (const char* time : {"2030-05-01T08:00", "2030-05-01T09:00", "2030-05-01T10:00", "2030-05-01T11:00", "2030-05-01T12:00"})
        may_first.emplace_back(setup.create_post({channel}, std::string("May Day ") + time, std::string("\"scheduled_at\":\"") + time + "\"")
                                   .at("id")
                                   .as_string());
    // 23:30 UTC on 1 May is 01:30 on 2 May in Berlin, the brand's zone.
    const std::string late(setup.create_post({channel}, "Night owl", "\"scheduled_at\":\"2030-05-01T23:30:00Z\"").at("id").as_string());
    setup.create_post({channel}, "Second of May", "\"scheduled_at\":\"2030-05-02T09:00\"");
    for (const char* time : {"2030-05-03T08:00", "2030-05-03T09:00", "2030-05-03T10:00", "2030-05-03T11:00"})
        setup.create_post({channel}, "Third of May", std::string("\"scheduled_at\":\"") + time + "\"");
    ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE post_targets SET status = 'failed' WHERE post_id = $1", {may_first[4]});
        return {};
    }));

    const std::string range = "/api/v1/calendar/days?brand_id=" + setup.brand_id + "&from=2030-04-28T00:00:00Z&to=2030-06-09T00:00:00Z";
    auto answer = server.call(setup.owner, "GET", range + "&per_day=3");
    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto body = answer.json();
    const auto& days = body.at("days").as_array();
    ASSERT_EQ(days.size(), 3u);
    EXPECT_EQ(days[0].at("date"), "2030-05-01");
    std::vector<std::string> shown;
    for (const auto& post : days[0].at("posts").as_array()) shown.emplace_back(post.at("id").as_string());
    EXPECT_EQ(shown, (std::vector<std::string>{may_first[0], may_first[1], may_first[2]})) << "the earliest, in time order";
    EXPECT_EQ(days[0].at("hidden").as_int64(), 2);
    EXPECT_EQ(days[0].at("failed").as_int64(), 1) << "a failure among the hidden posts is named";
    EXPECT_EQ(days[0].at("posts").at(0).at("summary"), true);
    EXPECT_EQ(days[1].at("date"), "2030-05-02");
    EXPECT_EQ(days[1].at("posts").as_array().size(), 2u) << "a day that is not over the limit shows all its posts";
    EXPECT_EQ(days[1].at("posts").at(0).at("id"), late);
    EXPECT_EQ(days[2].at("posts").as_array().size(), 4u) << "one over per_day: '+1 more' would take the same room";
    EXPECT_EQ(days[2].at("hidden").as_int64(), 0);

    EXPECT_EQ(server.call(setup.owner, "GET", "/api/v1/calendar/days?from=2030-04-28T00:00:00Z&to=2030-05-28T00:00:00Z")
                  .json().at("error").at("field"), "brand_id");
    auto too_long = server.call(setup.owner, "GET", "/api/v1/calendar/days?brand_id=" + setup.brand_id +
                                                        "&from=2030-01-01T00:00:00Z&to=2030-06-09T00:00:00Z");
    EXPECT_EQ(too_long.status, 422);
    EXPECT_EQ(too_long.json().at("error").at("field"), "to");
    EXPECT_EQ(server.call(setup.owner, "GET", range + "&per_day=0").json().at("error").at("field"), "per_day");
    auto stranger = server.new_owner("Other");
    EXPECT_EQ(server.call(stranger, "GET", range).status, 404);
}

TEST_P(PostsApi, AContributorDraftsAndOnlyAnEditorChangesWhatIsScheduledByAnyPath) {
    const auto channel = add_channel("mastodon", "@luna@example.social");
    const auto contributor = server.add_member(setup.owner, "contributor");
    const std::string scheduled(setup.create_post({channel}, "Editor's soup", "\"scheduled_at\":\"2030-05-01T10:00\"").at("id").as_string());
    const auto target = std::string(setup.get_post(scheduled).at("targets").at(0).at("id").as_string());
    const std::string path = "/api/v1/posts/" + scheduled;
    for (const auto& [method, where, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"PATCH", path, R"({"scheduled_at":null})"},
             {"PATCH", path, R"({"text":"Contributor's soup"})"},
             {"PATCH", path, R"({"scheduled_at":"2030-06-01T10:00"})"},
             {"POST", path + "/targets/" + target + "/cancel", ""},
             {"POST", path + "/publish-now", ""},
             {"DELETE", path, ""}}) {
        auto refused = server.call(contributor, method, where, body);
        EXPECT_EQ(refused.status, 403) << method << " " << where << " " << body << ": " << refused.body;
    }
    const auto after = setup.get_post(scheduled);
    EXPECT_EQ(after.at("text"), "Editor's soup") << "nothing of it changed";
    EXPECT_EQ(after.at("targets").at(0).at("status"), "scheduled");

    // Their own draft is theirs to change and delete.
    auto draft = server.call(contributor, "POST", "/api/v1/posts",
                             json::serialize(json::object{{"brand_id", setup.brand_id},
                                                          {"text", "An idea"},
                                                          {"targets", json::array{json::object{{"channel_id", channel}}}}}));
    ASSERT_EQ(draft.status, 201) << draft.body;
    const std::string draft_path = "/api/v1/posts/" + std::string(draft.json().at("id").as_string());
    EXPECT_EQ(server.call(contributor, "PATCH", draft_path, R"({"text":"A better idea"})").status, 200);
    EXPECT_EQ(server.call(contributor, "DELETE", draft_path).status, 204);
}

TEST_P(PostsApi, BadInputNamesTheFieldAndTheRule) {
    const auto channel = add_channel("mastodon", "@luna@example.social");
    auto error_of = [&](const std::string& body) {
        auto response = post(body);
        EXPECT_EQ(response.status, 422) << body << " → " << response.body;
        return std::make_pair(std::string(response.json().at("error").at("field").as_string()),
                              std::string(response.json().at("error").at("code").as_string()));
    };
    const std::string brand = "\"brand_id\":\"" + setup.brand_id + "\"";
    const std::string target = "{\"channel_id\":\"" + channel + "\"}";
    EXPECT_EQ(error_of("{" + brand + ",\"targets\":[" + target + "]}"), std::make_pair(std::string("text"), std::string("required")));
    EXPECT_EQ(error_of("{" + brand + ",\"text\":\"x\",\"targets\":[]}"), std::make_pair(std::string("targets"), std::string("required")));
    EXPECT_EQ(error_of("{" + brand + ",\"text\":\"x\",\"targets\":[{\"channel_id\":\"channel_nope\"}]}"),
              std::make_pair(std::string("targets[0].channel_id"), std::string("unknown_channel")));
    EXPECT_EQ(error_of("{" + brand + ",\"text\":\"x\",\"targets\":[" + target + "," + target + "]}"),
              std::make_pair(std::string("targets[1].channel_id"), std::string("duplicate")));
    EXPECT_EQ(error_of("{" + brand + ",\"text\":\"x\",\"targets\":[{\"channel_id\":5}]}"),
              std::make_pair(std::string("targets[0].channel_id"), std::string("must_be_string")));
    EXPECT_EQ(error_of("{" + brand + ",\"text\":\"x\",\"targets\":[" + target + "],\"publish_now\":\"yes\"}"),
              std::make_pair(std::string("publish_now"), std::string("must_be_boolean")));
    EXPECT_EQ(error_of("{\"brand_id\":\"brand_other\",\"text\":\"x\",\"targets\":[" + target + "]}"),
              std::make_pair(std::string("brand_id"), std::string("unknown_brand")));
}

TEST_P(PostsApi, AnotherOrganisationCannotSeeOrTouchAPost) {
    const auto channel = add_channel("mastodon", "@luna@example.social");
    auto created = post(json::serialize(json::object{
        {"brand_id", setup.brand_id}, {"text", "Private"}, {"targets", json::array{json::object{{"channel_id", channel}}}}}));
    const std::string id(created.json().at("id").as_string());
    auto stranger = server.new_owner("Rival");
    EXPECT_EQ(server.call(stranger, "GET", "/api/v1/posts/" + id).status, 404);
    EXPECT_EQ(server.call(stranger, "PATCH", "/api/v1/posts/" + id, R"({"text":"mine"})").status, 404);
    EXPECT_EQ(server.call(stranger, "DELETE", "/api/v1/posts/" + id).status, 404);
    EXPECT_EQ(server.call(stranger, "POST", "/api/v1/posts/" + id + "/publish-now").status, 404);
    EXPECT_TRUE(server.call(stranger, "GET", "/api/v1/posts").json().at("items").as_array().empty());
    auto viewer = server.add_member(setup.owner, "viewer");
    EXPECT_EQ(server.call(viewer, "PATCH", "/api/v1/posts/" + id, R"({"text":"mine"})").status, 403);
    auto contributor = server.add_member(setup.owner, "contributor");
    EXPECT_EQ(server.call(contributor, "POST", "/api/v1/posts/" + id + "/publish-now").status, 403)
        << "contributors write drafts; editors publish";
}

INSTANTIATE_TEST_SUITE_P(Stores, PostsApi, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
