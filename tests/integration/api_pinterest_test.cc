// Pinterest channels through the API against the contract fake, on both stores: connecting,
// the boards the composer offers (GET /api/v1/channels/{id}/destinations), a post that names
// no board refused before it is scheduled, an image from the media library pinned on the
// chosen board by the engine, a lost answer settled from the board's pins, and the rotating
// refresh token renewed once for every node.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>

#include "core/id.h"
#include "fake_pinterest.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class PinterestChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    fakes::FakePinterest fake;
    TestServer server{GetParam(), [this](app::ApplicationOptions& options) {
                          options.network_apps["pinterest"] = {"1499999", "chorus-pinterest-secret", fake.base_url(), fake.authorize_url()};
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                          options.engine.backoff_base = std::chrono::milliseconds(100);
                      }};
    Caller owner = server.new_owner("Pinterest");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;

    HttpResponse pin_now(const std::string& channel_id, json::object options) {
        const auto media_id = upload_test_jpeg(server, owner, brand_id, "A bowl of pumpkin soup");
        return server.call(owner, "POST", "/api/v1/posts",
                           json::serialize(json::object{{"brand_id", brand_id},
                                                        {"title", "Pumpkin soup"},
                                                        {"text", "Our autumn soup."},
                                                        {"link", "https://cafeluna.de/recipes/pumpkin-soup"},
                                                        {"targets", json::array{json::object{{"channel_id", channel_id}, {"options", options}}}},
                                                        {"media_ids", json::array{json::value(media_id)}},
                                                        {"publish_now", true}}));
    }
};

TEST_P(PinterestChannels, ThePinGoesOnTheBoardChosenFromTheAccountsBoards) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "pinterest", brand_id);
    ASSERT_FALSE(channel_id.empty());
    auto channel = server.call(owner, "GET", "/api/v1/channels/" + channel_id).json();
    EXPECT_EQ(channel.at("handle"), "cafeluna");
    EXPECT_EQ(channel.at("health").at("token_renews"), true);

    auto boards = server.call(owner, "GET", "/api/v1/channels/" + channel_id + "/destinations");
    ASSERT_EQ(boards.status, 200) << boards.body;
    const auto listed = boards.json();
    EXPECT_EQ(listed.at("option"), "board_id");
    const auto& items = listed.at("items").as_array();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[1].at("name"), "Café life");
    EXPECT_EQ(items[1].at("detail"), "secret");
    const auto board = std::string(items[1].at("id").as_string());

    auto boardless = pin_now(channel_id, {});
    ASSERT_EQ(boardless.status, 422) << boardless.body;
    EXPECT_EQ(boardless.json().at("error").at("field"), "targets[0].options.board_id");
    EXPECT_EQ(boardless.json().at("error").at("code"), "required");

    auto created = pin_now(channel_id, {{"board_id", board}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto pins = fake.pins();
    ASSERT_EQ(pins.size(), 1u);
    EXPECT_EQ(pins[0].board_id, board);
    EXPECT_EQ(pins[0].title, "Pumpkin soup");
    EXPECT_EQ(pins[0].link, "https://cafeluna.de/recipes/pumpkin-soup");
    EXPECT_EQ(pins[0].alt_text, "A bowl of pumpkin soup");
    EXPECT_EQ(target.at("remote_url"), "https://www.pinterest.com/pin/" + pins[0].id + "/");

    // Another user's organisation cannot ask for this channel's boards.
    auto stranger = server.new_owner("Elsewhere");
    EXPECT_EQ(server.call(stranger, "GET", "/api/v1/channels/" + channel_id + "/destinations").status, 404);
}

TEST_P(PinterestChannels, TheTargetsOwnAltTextIsThePins) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "pinterest", brand_id);
    ASSERT_FALSE(channel_id.empty());
    const auto media_id = upload_test_jpeg(server, owner, brand_id, "A bowl of pumpkin soup");
    auto created = server.call(
        owner, "POST", "/api/v1/posts",
        json::serialize(json::object{
            {"brand_id", brand_id},
            {"text", "Our autumn soup."},
            {"targets", json::array{json::object{{"channel_id", channel_id},
                                                 {"options", json::object{{"board_id", fakes::FakePinterest::board_id(1)}}},
                                                 {"media", json::array{json::object{{"media_id", media_id},
                                                                                    {"alt_text", "Pumpkin soup with seeds, seen from above"}}}}}}},
            {"media_ids", json::array{json::value(media_id)}},
            {"publish_now", true}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    ASSERT_EQ(fake.pins().size(), 1u);
    EXPECT_EQ(fake.pins()[0].alt_text, "Pumpkin soup with seeds, seen from above");
}

TEST_P(PinterestChannels, ALostAnswerIsSettledFromTheBoardsPins) {
    const auto channel_id = connect_through_api(server, owner, http, "pinterest", brand_id);
    ASSERT_FALSE(channel_id.empty());
    fake.drop_answer_to_next_pin();
    server.app().engine().start();
    auto created = pin_now(channel_id, {{"board_id", fakes::FakePinterest::board_id(1)}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto post_id = std::string(created.json().at("id").as_string());
    const auto target = settled_target(server, owner, post_id, std::chrono::seconds(20));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    ASSERT_EQ(fake.pins().size(), 1u);
    EXPECT_EQ(target.at("remote_id"), fake.pins()[0].id);
    EXPECT_NE(server.call(owner, "GET", "/api/v1/posts/" + post_id).body.find("found on the network"), std::string::npos);
}

TEST_P(PinterestChannels, AnExpiredTokenIsRenewedOnceAndTheBoardsStillCome) {
    const auto channel_id = connect_through_api(server, owner, http, "pinterest", brand_id);
    ASSERT_FALSE(channel_id.empty());
    fake.expire_access_tokens();
    // Two composers open at once: Pinterest spends a refresh token when it is used, so a
    // second renewal would fail and wrongly ask for reconnection.
    std::vector<int> statuses(2);
    std::vector<std::thread> composers;
    for (int i = 0; i < 2; ++i)
        composers.emplace_back([&, i] { statuses[i] = server.call(owner, "GET", "/api/v1/channels/" + channel_id + "/destinations").status; });
    for (auto& composer : composers) composer.join();
    EXPECT_EQ(statuses[0], 200);
    EXPECT_EQ(statuses[1], 200);
    EXPECT_EQ(fake.refreshes(), 1);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/channels/" + channel_id).json().at("status"), "connected");

    fake.revoke_tokens();
    auto refused = server.call(owner, "GET", "/api/v1/channels/" + channel_id + "/destinations");
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(refused.json().at("error").at("code"), "needs_reconnect");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/channels/" + channel_id).json().at("status"), "needs_reconnect");
}

INSTANTIATE_TEST_SUITE_P(Stores, PinterestChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
