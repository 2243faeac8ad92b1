// Threads and network options through the posts API: accepted where the network has them,
// checked part by part and option by option, refused by name where not.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "publishing_setup.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class PostContentApi : public ::testing::TestWithParam<store::Backend> {
protected:
    PublishingSetup setup{GetParam()};
    TestServer& server = *setup.server;

    std::string add_channel(const std::string& network, const std::string& handle) {
        return setup.add_unconnected_channel(network, handle);
    }

    HttpResponse post(json::object target, const json::object& extra = {}, const std::string& text = "Base text") {
        json::object body{{"brand_id", setup.brand_id}, {"text", text}, {"targets", json::array{std::move(target)}}};
        for (const auto& [key, value] : extra) body[key] = value;
        return server.call(setup.owner, "POST", "/api/v1/posts", json::serialize(body));
    }

    static std::string field_of(const HttpResponse& response) { return std::string(response.json().at("error").at("field").as_string()); }
    static std::string code_of(const HttpResponse& response) { return std::string(response.json().at("error").at("code").as_string()); }
};

TEST_P(PostContentApi, NetworkOptionsAreKeptPerTargetAndCheckedAgainstTheNetworksOwn) {
    const auto bluesky = add_channel("bluesky", "luna.bsky.social");
    const auto mastodon = add_channel("mastodon", "@luna@example.social");
    const auto x = add_channel("x", "@luna");
    const auto threads = add_channel("threads", "@luna");

    auto created = post(json::object{{"channel_id", bluesky}, {"options", json::object{{"langs", json::array{"de", "pt-BR"}}, {"link_card", false}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = created.json().at("targets").at(0);
    EXPECT_EQ(target.at("options").at("langs"), (json::array{"de", "pt-BR"}));
    EXPECT_EQ(target.at("options").at("link_card"), json::value(false));

    auto bad_language = post(json::object{{"channel_id", bluesky}, {"options", json::object{{"langs", json::array{"de", "not a tag"}}}}});
    ASSERT_EQ(bad_language.status, 422);
    EXPECT_EQ(field_of(bad_language), "targets[0].options.langs");
    EXPECT_EQ(code_of(bad_language), "invalid_option");

    auto unknown = post(json::object{{"channel_id", x}, {"options", json::object{{"visibility", "public"}}}});
    ASSERT_EQ(unknown.status, 422);
    EXPECT_EQ(field_of(unknown), "targets[0].options.visibility");
    EXPECT_EQ(code_of(unknown), "unknown_option");

    auto topic = post(json::object{{"channel_id", threads}, {"options", json::object{{"topic_tag", "Coffee.Shops"}, {"reply_control", "everyone"}}}});
    ASSERT_EQ(topic.status, 422);
    EXPECT_EQ(field_of(topic), "targets[0].options.topic_tag");
    EXPECT_NE(topic.json().at("error").at("message").as_string().find("without periods"), std::string::npos);

    auto poll = post(json::object{{"channel_id", mastodon},
                                  {"options", json::object{{"visibility", "unlisted"},
                                                           {"poll", json::object{{"options", json::array{"Tea", "Coffee"}}, {"expires_in", 60}}}}}});
    ASSERT_EQ(poll.status, 422);
    EXPECT_EQ(field_of(poll), "targets[0].options.poll");
    EXPECT_NE(poll.json().at("error").at("message").as_string().find("expires_in"), std::string::npos);

    auto not_an_object = post(json::object{{"channel_id", mastodon}, {"options", json::array{"public"}}});
    ASSERT_EQ(not_an_object.status, 422);
    EXPECT_EQ(field_of(not_an_object), "targets[0].options");
}

TEST_P(PostContentApi, AFirstCommentIsCheckedAsAReplyOrACommentAndRefusedWhereItCannotGoOut) {
    const auto x = add_channel("x", "@luna");
    const auto pinterest = add_channel("pinterest", "luna");
    const auto linkedin = add_channel("linkedin", "luna");
    const auto scheduled = json::object{{"scheduled_at", "2031-01-01T10:00"}};

    auto kept = post(json::object{{"channel_id", x}, {"first_comment", "Recipe in the replies: https://cafeluna.de/soup"}}, scheduled);
    ASSERT_EQ(kept.status, 201) << kept.body;
    EXPECT_EQ(kept.json().at("targets").at(0).at("first_comment"), "Recipe in the replies: https://cafeluna.de/soup");

    auto too_long = post(json::object{{"channel_id", x}, {"first_comment", std::string(300, 'a')}}, scheduled);
    ASSERT_EQ(too_long.status, 422) << too_long.body;
    EXPECT_EQ(field_of(too_long), "targets[0].first_comment");
    EXPECT_EQ(code_of(too_long), "too_long");

    // Never silently dropped: a network that cannot take one refuses it when scheduled.
    const auto photo = upload_test_jpeg(server, setup.owner, setup.brand_id, "A bowl of soup");
    auto no_comments = post(json::object{{"channel_id", pinterest}, {"first_comment", "More boards on our profile"},
                                         {"options", json::object{{"board_id", "549755885175"}}}},
                            json::object{{"scheduled_at", "2031-01-01T10:00"}, {"media_ids", json::array{json::value(photo)}}});
    ASSERT_EQ(no_comments.status, 422) << no_comments.body;
    EXPECT_EQ(field_of(no_comments), "targets[0].first_comment");
    EXPECT_EQ(code_of(no_comments), "first_comment_unsupported");
    EXPECT_NE(no_comments.body.find("no comments through its API"), std::string::npos) << no_comments.body;
    // A draft may still hold one.
    EXPECT_EQ(post(json::object{{"channel_id", pinterest}, {"first_comment", "More boards on our profile"}}).status, 201);

    // Where it is a comment under the post, it is checked against the network's comment
    // length, not its post rules.
    auto commented = post(json::object{{"channel_id", linkedin}, {"first_comment", "Link in the comments: https://cafeluna.de"}}, scheduled);
    ASSERT_EQ(commented.status, 201) << commented.body;
    auto long_comment = post(json::object{{"channel_id", linkedin}, {"first_comment", std::string(1'251, 'a')}}, scheduled);
    ASSERT_EQ(long_comment.status, 422) << long_comment.body;
    EXPECT_EQ(field_of(long_comment), "targets[0].first_comment");
    EXPECT_EQ(code_of(long_comment), "too_long");
    EXPECT_NE(long_comment.body.find("This is 1251 characters; LinkedIn allows 1250. Remove 1."), std::string::npos) << long_comment.body;
}

TEST_P(PostContentApi, ATargetMayCarryItsOwnMediaWithItsOwnAltTexts) {
    const auto x = add_channel("x", "@luna");
    const auto instagram = add_channel("instagram", "@luna");
    const auto bowl = upload_test_jpeg(server, setup.owner, setup.brand_id, "A bowl of soup");
    const auto cafe = upload_test_jpeg(server, setup.owner, setup.brand_id, "The café");
    const json::object with_bowl{{"media_ids", json::array{json::value(bowl)}}};

    auto created = post(json::object{{"channel_id", x},
                                      {"media", json::array{json::object{{"media_id", cafe}, {"alt_text", "Our café at dawn"}},
                                                            json::object{{"media_id", bowl}}}}},
                        with_bowl);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = std::string(created.json().at("id").as_string());
    auto read = server.call(setup.owner, "GET", "/api/v1/posts/" + id).json();
    const auto& own = read.at("targets").at(0).at("media").as_array();
    ASSERT_EQ(own.size(), 2u);
    EXPECT_EQ(own[0].at("media_id"), cafe);
    EXPECT_EQ(own[0].at("alt_text"), "Our café at dawn") << "the target's own alt text";
    EXPECT_EQ(own[1].at("media_id"), bowl);
    EXPECT_EQ(own[1].at("alt_text"), "A bowl of soup") << "none given: the library's";
    EXPECT_EQ(read.at("media").as_array().size(), 1u) << "the post's media are unchanged";

    // Edited without its own media, the target goes back to the post's.
    auto edited = server.call(setup.owner, "PATCH", "/api/v1/posts/" + id,
                              json::serialize(json::object{{"targets", json::array{json::object{{"channel_id", x}}}}}));
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_TRUE(edited.json().at("targets").at(0).at("media").is_null());

    auto unknown = post(json::object{{"channel_id", x}, {"media", json::array{json::object{{"media_id", "media_nope"}}}}});
    ASSERT_EQ(unknown.status, 422) << unknown.body;
    EXPECT_EQ(field_of(unknown), "targets[0].media[0].media_id");
    EXPECT_EQ(code_of(unknown), "unknown_media");
    auto shapeless = post(json::object{{"channel_id", x}, {"media", json::array{json::value(bowl)}}});
    ASSERT_EQ(shapeless.status, 422) << shapeless.body;
    EXPECT_EQ(field_of(shapeless), "targets[0].media[0]");

    // Scheduling checks each target with its own media: none on Instagram is refused there.
    json::object scheduled = with_bowl;
    scheduled["scheduled_at"] = "2031-01-01T10:00";
    auto bare = post(json::object{{"channel_id", instagram}, {"media", json::array{}}}, scheduled);
    ASSERT_EQ(bare.status, 422) << bare.body;
    EXPECT_EQ(field_of(bare), "targets[0].text");
    EXPECT_EQ(code_of(bare), "media_required");
    EXPECT_EQ(post(json::object{{"channel_id", x}, {"media", json::array{}}}, scheduled).status, 201) << "X takes text alone";
}

TEST_P(PostContentApi, AThreadIsCheckedPartByPartAndOnlyWhereTheNetworkHasThreads) {
    const auto bluesky = add_channel("bluesky", "luna.bsky.social");
    const auto instagram = add_channel("linkedin", "luna");
    const json::array thread{"Second part", "Third part"};

    // A draft may hold anything; scheduling checks.
    auto draft = post(json::object{{"channel_id", instagram}}, json::object{{"thread", thread}});
    ASSERT_EQ(draft.status, 201) << draft.body;
    EXPECT_EQ(draft.json().at("thread"), thread);
    const std::string draft_id(draft.json().at("id").as_string());
    auto refused = server.call(setup.owner, "POST", "/api/v1/posts/" + draft_id + "/publish-now");
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(field_of(refused), "targets[0].thread");
    EXPECT_EQ(code_of(refused), "thread_unsupported");

    const std::string too_long(301, 'a');
    auto long_part = post(json::object{{"channel_id", bluesky}, {"thread", json::array{"Fine", json::value(too_long)}}},
                          json::object{{"scheduled_at", "2031-01-01T10:00"}});
    ASSERT_EQ(long_part.status, 422) << long_part.body;
    EXPECT_EQ(field_of(long_part), "targets[0].thread[1]");
    EXPECT_EQ(code_of(long_part), "too_long");

    auto empty_part = post(json::object{{"channel_id", bluesky}}, json::object{{"thread", json::array{"Fine", ""}}});
    ASSERT_EQ(empty_part.status, 422);
    EXPECT_EQ(field_of(empty_part), "thread[1]");

    // The post's thread, and a target's own (even an empty one, to post a single post there).
    auto scheduled = post(json::object{{"channel_id", bluesky}}, json::object{{"thread", thread}, {"scheduled_at", "2031-01-01T10:00"}});
    ASSERT_EQ(scheduled.status, 201) << scheduled.body;
    EXPECT_TRUE(scheduled.json().at("targets").at(0).at("thread").is_null());
    auto single_there = post(json::object{{"channel_id", instagram}, {"thread", json::array{}}},
                             json::object{{"thread", thread}, {"scheduled_at", "2031-01-01T10:00"}});
    ASSERT_EQ(single_there.status, 201) << single_there.body;
    EXPECT_EQ(single_there.json().at("targets").at(0).at("thread"), json::array{});
}

INSTANTIATE_TEST_SUITE_P(Stores, PostContentApi, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
