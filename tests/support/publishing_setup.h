#pragma once
// A running Chorus with its engine publishing to the fault-injecting fake network, and the
// few API calls every publishing test needs.
#include <boost/json.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "fake_network.h"
#include "test_server.h"

namespace chorus::testing {

// An instant as the API writes it ("2026-…Z") back in milliseconds.
Millis instant_from_api(const boost::json::value& text);

// The post's first target once it is neither scheduled nor publishing (or as it is when
// the timeout passes), read through the API.
boost::json::value settled_target(TestServer& server, const Caller& caller, const std::string& post_id,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A real JPEG (640×480, made with ffmpeg) uploaded to the brand's media library through the
// API with its alt text: the media id.
std::string upload_test_jpeg(TestServer& server, const Caller& caller, const std::string& brand_id, const std::string& alt_text);
// A real two-second MP4 (320×240, H.264), the same way.
std::string upload_test_mp4(TestServer& server, const Caller& caller, const std::string& brand_id);

struct PublishingSetup {
    explicit PublishingSetup(store::Backend backend, fakes::FakeNetworkOptions fake_options = {},
                             const std::function<void(publishing::EngineOptions&)>& tune = {});

    fakes::FakeNetwork fake;
    std::unique_ptr<TestServer> server;
    Caller owner;
    std::string brand_id;

    // A connected testnet channel of the brand; with tokens when the fake requires them.
    std::string add_channel(const std::string& handle);
    // A channel of any network that is only a record (not connected), for checking posts.
    std::string add_unconnected_channel(const std::string& network, const std::string& handle);
    // POST /api/v1/posts with one target per channel; `when` is a JSON fragment such as
    // "\"scheduled_at\":\"…\"" or "\"publish_now\":true". Returns the created post.
    // `when` is JSON members added to the body ("\"publish_now\":true"); each target gets
    // `first_comment` when it is not empty.
    boost::json::object create_post(const std::vector<std::string>& channel_ids, const std::string& text, const std::string& when,
                                    const std::string& first_comment = "");
    boost::json::object get_post(const std::string& id);

    // Waits until no target is scheduled or publishing (or the timeout passes); returns
    // whether it settled.
    bool wait_until_settled(std::chrono::seconds timeout);
    // Counts targets by status, straight from the store.
    std::int64_t count_targets(const std::string& status);
};

}  // namespace chorus::testing
