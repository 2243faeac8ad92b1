#include "publishing_setup.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "core/id.h"
#include "core/secret_box.h"
#include "http_client.h"
#include "media_files.h"
#include "publishing/local_time.h"

namespace chorus::testing {

namespace json = boost::json;

Millis instant_from_api(const json::value& text) {
    auto parsed = publishing::parse_time(std::string(text.as_string()), "UTC", "time");
    if (!parsed) throw std::runtime_error("not an API time: " + json::serialize(text));
    return *parsed;
}

namespace {

// Made with ffmpeg and uploaded through the API: the media id.
std::string upload_made_file(TestServer& server, const Caller& caller, const std::string& brand_id, const std::string& alt_text,
                             const std::string& name, const std::string& ffmpeg_input) {
    const auto directory = std::filesystem::temp_directory_path() / ("chorus-media-" + random_secret(6));
    std::filesystem::create_directories(directory);
    const auto bytes = make_media_file(directory.string(), name, ffmpeg_input);
    std::filesystem::remove_all(directory);
    const std::string body = "--b\r\nContent-Disposition: form-data; name=\"brand_id\"\r\n\r\n" + brand_id +
                             "\r\n--b\r\nContent-Disposition: form-data; name=\"alt_text\"\r\n\r\n" + alt_text +
                             "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                             "Content-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--b--\r\n";
    auto uploaded = http_request(server.port(), "POST", "/api/v1/media", body,
                                 {{"Content-Type", "multipart/form-data; boundary=b"}, {"Cookie", caller.cookie}, {"X-CSRF-Token", caller.csrf}});
    // 200: the library already had these bytes (content-hash de-duplication) and says which.
    const bool stored = uploaded.status == 201 || uploaded.status == 200;
    EXPECT_TRUE(stored) << uploaded.status << " " << uploaded.body;
    return stored ? std::string(uploaded.json().at("id").as_string()) : std::string();
}

}  // namespace

std::string upload_test_jpeg(TestServer& server, const Caller& caller, const std::string& brand_id, const std::string& alt_text) {
    return upload_made_file(server, caller, brand_id, alt_text, "photo.jpg", "-f lavfi -i testsrc=size=640x480:rate=1 -frames:v 1");
}

std::string upload_test_mp4(TestServer& server, const Caller& caller, const std::string& brand_id) {
    return upload_made_file(server, caller, brand_id, "", "clip.mp4",
                            "-f lavfi -i testsrc=size=320x240:rate=25:duration=2 -pix_fmt yuv420p");
}

json::value settled_target(TestServer& server, const Caller& caller, const std::string& post_id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto target = server.call(caller, "GET", "/api/v1/posts/" + post_id).json().at("targets").at(0);
        const auto& status = target.at("status").as_string();
        if ((status != "scheduled" && status != "publishing") || std::chrono::steady_clock::now() > deadline) return target;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

PublishingSetup::PublishingSetup(store::Backend backend, fakes::FakeNetworkOptions fake_options,
                                 const std::function<void(publishing::EngineOptions&)>& tune)
    : fake(fake_options) {
    server = std::make_unique<TestServer>(backend, [&](app::ApplicationOptions& options) {
        options.testnet_url = fake.base_url();
        auto& engine = options.engine;
        engine.network_timeout = std::chrono::milliseconds(1'000);  // the fake hangs for 1.5 s
        engine.workers = 16;
        engine.lease = std::chrono::milliseconds(8'000);
        engine.poll_interval = std::chrono::milliseconds(50);
        engine.backoff_base = std::chrono::milliseconds(50);
        engine.backoff_cap = std::chrono::milliseconds(1'000);
        engine.max_failures = 8;
        engine.rate_limit_default_wait = std::chrono::milliseconds(1'000);
        if (tune) tune(engine);
        options.network_timeout = engine.network_timeout;  // the connectors' too, as the application does
    });
    owner = server->new_owner("Publisher");
    auto brand = server->call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
    if (brand.status != 201) throw std::runtime_error("brand: " + brand.body);
    brand_id = std::string(brand.json().at("id").as_string());
}

std::string PublishingSetup::add_unconnected_channel(const std::string& network, const std::string& handle) {
    auto created = server->call(owner, "POST", "/api/v1/channels",
                                json::serialize(json::object{{"brand_id", brand_id}, {"network", network}, {"display_name", handle},
                                                             {"handle", handle}}));
    if (created.status != 201) throw std::runtime_error("channel: " + created.body);
    return std::string(created.json().at("id").as_string());
}

std::string PublishingSetup::add_channel(const std::string& handle) {
    auto created = server->call(owner, "POST", "/api/v1/channels",
                                json::serialize(json::object{{"brand_id", brand_id},
                                                             {"network", "testnet"},
                                                             {"display_name", handle},
                                                             {"handle", handle}}));
    if (created.status != 201) throw std::runtime_error("channel: " + created.body);
    std::string id(created.json().at("id").as_string());
    auto connected = server->call(owner, "PATCH", "/api/v1/channels/" + id, R"({"status":"connected"})");
    if (connected.status != 200) throw std::runtime_error("channel status: " + connected.body);
    auto tokens = fake.issue_tokens();
    const std::string credentials =
        json::serialize(json::object{{"access_token", tokens.access_token}, {"refresh_token", tokens.refresh_token}});
    auto& app = server->app();
    auto stored = app.store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("INSERT INTO channel_credentials (channel_id, sealed, updated_at) VALUES ($1, $2, $3)",
                   {id, app.secrets().seal(credentials), now_millis()});
        return {};
    });
    if (!stored) throw std::runtime_error("credentials: " + stored.error().message);
    return id;
}

json::object PublishingSetup::create_post(const std::vector<std::string>& channel_ids, const std::string& text,
                                          const std::string& when, const std::string& first_comment) {
    json::array targets;
    for (const auto& id : channel_ids) {
        json::object target{{"channel_id", id}};
        if (!first_comment.empty()) target["first_comment"] = first_comment;
        targets.push_back(std::move(target));
    }
    json::object body{{"brand_id", brand_id}, {"text", text}, {"targets", targets}};
    std::string serialized = json::serialize(body);
    if (!when.empty()) serialized = serialized.substr(0, serialized.size() - 1) + "," + when + "}";
    auto created = server->call(owner, "POST", "/api/v1/posts", serialized);
    if (created.status != 201) throw std::runtime_error("post: " + created.body);
    return created.json().as_object();
}

json::object PublishingSetup::get_post(const std::string& id) {
    auto response = server->call(owner, "GET", "/api/v1/posts/" + id);
    if (response.status != 200) throw std::runtime_error("get post: " + response.body);
    return response.json().as_object();
}

std::int64_t PublishingSetup::count_targets(const std::string& status) {
    auto counted = server->app().store().read([&](store::Transaction& tx) -> Result<std::int64_t> {
        return tx.query_one("SELECT COUNT(*) FROM post_targets WHERE status = $1", {status})->int64(0);
    });
    return counted ? *counted : -1;
}

bool PublishingSetup::wait_until_settled(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        // One query: two would miss a target moving from publishing back to scheduled in between.
        auto live = server->app().store().read([&](store::Transaction& tx) -> Result<std::int64_t> {
            return tx.query_one("SELECT COUNT(*) FROM post_targets WHERE status IN ('scheduled', 'publishing')", {})->int64(0);
        });
        if (live && *live == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

}  // namespace chorus::testing
