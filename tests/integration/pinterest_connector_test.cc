// The Pinterest connector against the contract fake (tests/fakes/fake_pinterest.h):
// connecting with HTTP Basic at the token endpoint and continuous refresh tokens that are
// spent once used; the account's boards as the places a pin can go; image, carousel and
// video pins on the chosen board; a video registered and uploaded once however many
// attempts it takes; a lost answer found among the board's pins, never pinned twice;
// Pinterest's refusals in its own words.
#include <gtest/gtest.h>

#include "core/id.h"
#include "fake_pinterest.h"
#include "networks/http_client.h"
#include "networks/pinterest/connector.h"
#include "kept_checkpoint.h"
#include "oauth_approval.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::MediaFacts;
using networks::MediaUpload;
using networks::PublishRequest;

MediaUpload jpeg(std::string alt = "A bowl of pumpkin soup") {
    MediaUpload image{"\xFF\xD8\xFF\xE0" + std::string(600, 'j'), "image/jpeg", {}};
    image.facts.alt_text = std::move(alt);
    return image;
}
MediaUpload png() { return {"\x89PNG\r\n\x1a\n" + std::string(600, 'p'), "image/png", {}}; }
MediaUpload mp4() {
    MediaUpload video{std::string(4000, 'v'), "video/mp4", {}};
    video.facts.kind = MediaFacts::Kind::video;
    return video;
}

class PinterestConnectorTest : public ::testing::Test {
protected:
    explicit PinterestConnectorTest(fakes::FakePinterestOptions fake_options = {}) : fake(std::move(fake_options)) {
        networks::PinterestOptions options;
        options.app = {"1499999", "chorus-pinterest-secret", fake.base_url(), fake.authorize_url()};
        options.timeout = std::chrono::seconds(5);
        options.media_poll_interval = std::chrono::milliseconds(10);
        connector = networks::make_pinterest_connector(http, options);
    }

    fakes::FakePinterest fake;
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector;
    KeptCheckpoint kept;  // what the engine would keep for the target

    networks::Outcome<networks::Connection> connect() { return connect_by_oauth(*connector, http); }

    Account account() { return account_from(connect(), new_id("channel"), "pinterest"); }

    PublishRequest pin(std::vector<MediaUpload> media, int board = 1) {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.title = "Pumpkin soup";
        request.draft.text = "Our autumn soup, with roasted seeds. Recipe on the blog.";
        request.draft.link = "https://cafeluna.de/recipes/pumpkin-soup";
        request.options = R"({"board_id":")" + fakes::FakePinterest::board_id(board) + R"("})";
        request.attachments = std::move(media);
        request.not_before = now_millis();
        kept.attach(request);
        return request;
    }
    PublishRequest next_attempt(PublishRequest request) const { return kept.next_attempt(std::move(request)); }
};

TEST_F(PinterestConnectorTest, ConnectsAndEachRefreshSpendsTheRefreshTokenItUsed) {
    const Millis before = now_millis();
    auto connected = connect();
    ASSERT_TRUE(connected.ok()) << connected.failure().message;
    EXPECT_EQ(connected.get().handle, "cafeluna");
    EXPECT_EQ(connected.get().display_name, "Café Luna");
    EXPECT_EQ(connected.get().remote_account_id, "549755885175");
    EXPECT_TRUE(connected.get().renewable);
    ASSERT_TRUE(connected.get().expires_at);
    EXPECT_NEAR(static_cast<double>(*connected.get().expires_at - before), 2'592'000e3, 10e3) << "30 days";

    Account account{"c", "pinterest", "cafeluna", connected.get().credentials};
    fake.expire_access_tokens();
    auto refused = connector->destinations(account);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);

    // Continuous refresh: each renewal answers a new refresh token and retires the old.
    const auto renewed = renew_expecting_rotation(*connector, account);
    EXPECT_TRUE(connector->destinations(renewed).ok());

    fake.revoke_tokens();
    auto revoked = connector->refresh(renewed);
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.failure().kind, FailureClass::auth);
    EXPECT_NE(revoked.failure().message.find("Invalid refresh token"), std::string::npos) << revoked.failure().message;
}

class ManyBoards : public PinterestConnectorTest {
protected:
    ManyBoards() : PinterestConnectorTest(fakes::FakePinterestOptions{.boards = 130}) {}
};

TEST_F(ManyBoards, EveryBoardIsAPlaceToPinAcrossPages) {
    auto listed = connector->destinations(account());
    ASSERT_TRUE(listed.ok()) << listed.failure().message;
    EXPECT_EQ(listed.get().option, "board_id");
    ASSERT_EQ(listed.get().items.size(), 130u);
    EXPECT_EQ(listed.get().items[0].id, fakes::FakePinterest::board_id(1));
    EXPECT_EQ(listed.get().items[0].name, "Recipes");
    EXPECT_EQ(listed.get().items[0].detail, "public");
    EXPECT_EQ(listed.get().items[1].name, "Café life");
    EXPECT_EQ(listed.get().items[1].detail, "secret");
    EXPECT_EQ(listed.get().items[129].id, fakes::FakePinterest::board_id(130));
}

TEST_F(PinterestConnectorTest, AnImagePinGoesOnTheChosenBoardWithItsTitleLinkAndAltText) {
    auto channel = account();
    auto published = connector->publish(channel, pin({jpeg()}, 2));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const auto pins = fake.pins();
    ASSERT_EQ(pins.size(), 1u);
    EXPECT_EQ(pins[0].board_id, fakes::FakePinterest::board_id(2));
    EXPECT_EQ(pins[0].title, "Pumpkin soup");
    EXPECT_EQ(pins[0].description, "Our autumn soup, with roasted seeds. Recipe on the blog.");
    EXPECT_EQ(pins[0].link, "https://cafeluna.de/recipes/pumpkin-soup");
    EXPECT_EQ(pins[0].alt_text, "A bowl of pumpkin soup");
    EXPECT_EQ(pins[0].source_type, "image_base64");
    EXPECT_EQ(published.get().remote_id, pins[0].id);
    EXPECT_EQ(published.get().remote_url, "https://www.pinterest.com/pin/" + pins[0].id + "/");
    // The org_write window the answer reported, for the shared budgets.
    ASSERT_EQ(published.budgets.size(), 1u);
    EXPECT_EQ(published.budgets[0].scope, "channel:" + channel.channel_id);
    EXPECT_EQ(published.budgets[0].remaining, 99);
    EXPECT_NEAR(static_cast<double>(published.budgets[0].reset_at - now_millis()), 60e3, 5e3);

    auto carousel = connector->publish(channel, pin({jpeg(), png(), jpeg("Seeds")}));
    ASSERT_TRUE(carousel.ok()) << carousel.failure().message;
    EXPECT_EQ(fake.pins().back().source_type, "multiple_image_base64");
    EXPECT_EQ(fake.pins().back().images, 3);

    ASSERT_TRUE(connector->remove(channel, pins[0].id).ok());
    EXPECT_EQ(fake.pins().size(), 1u);
    EXPECT_TRUE(connector->remove(channel, pins[0].id).ok()) << "a pin already gone is not an error";
}

TEST_F(PinterestConnectorTest, AVideoIsUploadedOnceHoweverManyAttemptsThePinTakes) {
    auto channel = account();
    fake.spend_pin_budget();
    auto first = pin({mp4()});
    auto limited = connector->publish(channel, first);
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    ASSERT_TRUE(limited.failure().retry_at);
    EXPECT_NEAR(static_cast<double>(*limited.failure().retry_at - now_millis()), 60e3, 5e3);
    EXPECT_EQ(fake.registrations(), 1);
    EXPECT_EQ(fake.uploads(), 1);
    EXPECT_FALSE(kept.saved.empty());

    fake.start_new_minute();
    auto published = connector->publish(channel, next_attempt(first));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    auto pins = fake.pins();
    ASSERT_EQ(pins.size(), 1u);
    EXPECT_EQ(pins[0].source_type, "video_id");
    EXPECT_FALSE(pins[0].media_id.empty());
    EXPECT_EQ(fake.registrations(), 1) << "the second attempt used the video the first one uploaded";
    EXPECT_EQ(fake.uploads(), 1);

    // An edited post carries another video: it is not finished with the old one.
    auto edited = next_attempt(first);
    edited.attachments.front().bytes = std::string(5000, 'w');
    ASSERT_TRUE(connector->publish(channel, edited).ok());
    EXPECT_EQ(fake.registrations(), 2);
    EXPECT_NE(fake.pins().back().media_id, pins[0].media_id);
}

TEST_F(PinterestConnectorTest, ALostAnswerIsFoundAmongTheBoardsPinsAndNeverPinnedTwice) {
    auto channel = account();
    auto request = pin({jpeg()});
    fake.drop_answer_to_next_pin();
    auto lost = connector->publish(channel, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);

    auto found = connector->find(channel, next_attempt(request));
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    ASSERT_EQ(fake.pins().size(), 1u);
    EXPECT_EQ(found.get().post->remote_id, fake.pins()[0].id);

    // The same words pinned by an earlier post are not this post's pin.
    auto later = pin({jpeg()});
    later.not_before = now_millis() + 3'600'000;
    auto other = connector->find(channel, later);
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other.get().post);
    auto retitled = request;
    retitled.draft.title = "Pumpkin soup, again";
    EXPECT_FALSE(connector->find(channel, retitled).get().post);
}

TEST_F(PinterestConnectorTest, RefusalsSayWhatIsWrongInPinterestsWords) {
    auto channel = account();
    auto boardless = pin({jpeg()});
    boardless.options = "{}";
    auto no_board = connector->publish(channel, boardless);
    ASSERT_FALSE(no_board.ok());
    EXPECT_EQ(no_board.failure().kind, FailureClass::validation);
    EXPECT_EQ(no_board.failure().code, "board_required");

    auto unknown = pin({jpeg()}, 99);
    auto missing = connector->publish(channel, unknown);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.failure().kind, FailureClass::validation);
    EXPECT_EQ(missing.failure().code, "not_found");
    EXPECT_NE(missing.failure().message.find("Board not found."), std::string::npos) << missing.failure().message;

    auto wordy = pin({jpeg()});
    wordy.draft.text = std::string(801, 'w');
    auto long_text = connector->publish(channel, wordy);
    ASSERT_FALSE(long_text.ok());
    EXPECT_EQ(long_text.failure().kind, FailureClass::validation);
    EXPECT_EQ(long_text.failure().http_status, 400);
    EXPECT_NE(long_text.failure().message.find("800 characters"), std::string::npos) << long_text.failure().message;

    fake.fail_next_video();
    auto broken = connector->publish(channel, pin({mp4()}));
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.failure().kind, FailureClass::validation);
    EXPECT_EQ(broken.failure().code, "media_rejected");

    fake.expire_access_tokens();
    auto expired = connector->publish(channel, pin({jpeg()}));
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.failure().kind, FailureClass::auth);
    EXPECT_TRUE(fake.pins().empty());
}

}  // namespace
}  // namespace chorus::testing
