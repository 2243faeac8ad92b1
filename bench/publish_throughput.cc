// Publishing throughput and lateness: N targets due spread evenly over a window are published
// by the real engine (store, leases, events, connector, libcurl multi) to the fake network on
// loopback. The ceiling, measured in the same run against the same fake: a bare libcurl-multi
// client sending the same N requests at the same due times. Prints posts/s for both, their
// ratio (goal ≥ 0.5) and the engine's lateness p50/p99 (goal p99 < 1 s).
//
//   publish_throughput [targets=100000] [window_seconds=60] [postgres://… to use PostgreSQL]
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "app/application.h"
#include "core/id.h"
#include "fake_network.h"

namespace {

using namespace chorus;
using Clock = std::chrono::steady_clock;

struct Figures {
    double posts_per_second = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
    std::size_t succeeded = 0;
};

Figures summarise(std::vector<double> lateness_ms, double seconds) {
    Figures figures;
    figures.succeeded = lateness_ms.size();
    if (lateness_ms.empty()) return figures;
    std::sort(lateness_ms.begin(), lateness_ms.end());
    auto at = [&](double q) { return lateness_ms[std::min(lateness_ms.size() - 1, static_cast<std::size_t>(q * lateness_ms.size()))]; };
    figures.p50_ms = at(0.50);
    figures.p99_ms = at(0.99);
    figures.max_ms = lateness_ms.back();
    figures.posts_per_second = static_cast<double>(lateness_ms.size()) / seconds;
    return figures;
}

// The ceiling: libcurl multi, keep-alive, up to `concurrency` requests in flight, each sent
// at its due time.
Figures bare_client(const std::string& base_url, int targets, double window_seconds, int concurrency) {
    CURLM* multi = curl_multi_init();
    const std::string url = base_url + "/v1/posts";
    struct Request {
        CURL* easy = nullptr;
        std::string body, response;
        Clock::time_point due;
    };
    std::vector<Request> requests(static_cast<std::size_t>(targets));
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    const auto spacing = std::chrono::duration<double>(window_seconds / targets);
    for (int i = 0; i < targets; ++i) {
        auto& request = requests[static_cast<std::size_t>(i)];
        request.due = start + std::chrono::duration_cast<Clock::duration>(spacing * i);
        request.body = "{\"account\":\"bare\",\"text\":\"Bare post " + std::to_string(i) + "\",\"idempotency_key\":\"bare-" +
                       std::to_string(i) + "\",\"media_count\":0}";
    }
    auto write = +[](char*, std::size_t size, std::size_t count, void*) { return size * count; };
    std::vector<double> lateness;
    lateness.reserve(requests.size());
    int next = 0, running = 0;
    Clock::time_point last_done = start;
    while (next < targets || running > 0) {
        const auto now = Clock::now();
        while (next < targets && running < concurrency && requests[static_cast<std::size_t>(next)].due <= now) {
            auto& request = requests[static_cast<std::size_t>(next)];
            request.easy = curl_easy_init();
            curl_easy_setopt(request.easy, CURLOPT_URL, url.c_str());
            curl_easy_setopt(request.easy, CURLOPT_POSTFIELDS, request.body.c_str());
            curl_easy_setopt(request.easy, CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(request.easy, CURLOPT_WRITEFUNCTION, write);
            curl_easy_setopt(request.easy, CURLOPT_PRIVATE, &request);
            curl_multi_add_handle(multi, request.easy);
            ++next;
            ++running;
        }
        int still = 0;
        curl_multi_perform(multi, &still);
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            Request* request = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &request);
            long status = 0;
            curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            last_done = Clock::now();
            if (message->data.result == CURLE_OK && status == 201)
                lateness.push_back(std::chrono::duration<double, std::milli>(last_done - request->due).count());
            curl_multi_remove_handle(multi, message->easy_handle);
            curl_easy_cleanup(message->easy_handle);
            --running;
        }
        int wait_ms = 10;
        if (next < targets && running < concurrency)
            wait_ms = static_cast<int>(std::clamp<long long>(
                std::chrono::duration_cast<std::chrono::milliseconds>(requests[static_cast<std::size_t>(next)].due - Clock::now()).count(),
                0, 10));
        curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    }
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    return summarise(std::move(lateness), std::chrono::duration<double>(last_done - start).count());
}

Figures chorus_engine(const std::string& base_url, const std::string& database_url, int targets, double window_seconds,
                      int publishers, std::string& store_name, Millis& lead_ms) {
    app::ApplicationOptions options;
    options.store.data_dir = "/tmp/chorus-bench-" + random_secret(6);
    options.store.database_url = database_url;
    options.secret_keys = {SecretBox::generate_key()};
    options.testnet_url = base_url;
    options.network_timeout = std::chrono::seconds(10);
    options.engine.workers = publishers;
    options.engine.claim_batch = 128;
    options.engine.poll_interval = std::chrono::milliseconds(20);
    auto opened = app::Application::open(options);
    if (!opened) {
        std::fprintf(stderr, "cannot open the store: %s\n", opened.error().message.c_str());
        std::exit(1);
    }
    auto& application = **opened;
    auto& store = application.store();
    store_name = std::string(store::to_string(store.backend()));
    auto org = application.organisations().enrol("Bench " + random_secret(4), {"bench-" + random_secret(4) + "@example.com",
                                                                                 "a long bench password", "Bench"},
                                                 Role::owner);
    if (!org) std::exit(1);
    const std::string org_id = org->organisation.id;
    const Millis now = now_millis();
    // Seeded a day ahead, then moved to start shortly after seeding ends: how long seeding
    // takes must not count as lateness.
    const Millis seeded_base = now + 86'400'000;
    constexpr int channels = 100;
    auto seeded = store.write([&](store::Transaction& tx) -> Result<void> {
        const std::string brand = new_id("brand");
        tx.execute("INSERT INTO brands (id, org_id, name, time_zone, colour, created_at, updated_at) "
                   "VALUES ($1, $2, 'Bench', 'UTC', '#000000', $3, $3)",
                   {brand, org_id, now});
        std::vector<std::string> channel_ids;
        for (int c = 0; c < channels; ++c) {
            channel_ids.push_back(new_id("channel"));
            tx.execute("INSERT INTO channels (id, org_id, brand_id, network, display_name, handle, status, created_at, updated_at) "
                       "VALUES ($1, $2, $3, 'testnet', $4, $4, 'connected', $5, $5)",
                       {channel_ids.back(), org_id, brand, "bench" + std::to_string(c), now});
        }
        for (int i = 0; i < targets; ++i) {
            const Millis due = seeded_base + static_cast<Millis>(window_seconds * 1000 * i / targets);
            const std::string post = new_id("post");
            tx.execute("INSERT INTO posts (id, org_id, brand_id, text, scheduled_at, time_zone, created_at, updated_at) "
                       "VALUES ($1, $2, $3, $4, $5, 'UTC', $6, $6)",
                       {post, org_id, brand, "Engine post " + std::to_string(i), due, now});
            tx.execute("INSERT INTO post_targets (id, org_id, post_id, channel_id, status, scheduled_at, run_at, idempotency_key, "
                       "created_at, updated_at) VALUES ($1, $2, $3, $4, 'scheduled', $5, $5, $6, $7, $7)",
                       {new_id("target"), org_id, post, channel_ids[static_cast<std::size_t>(i % channels)], due,
                        "bench-" + random_secret(10), now});
        }
        return {};
    });
    if (!seeded) {
        std::fprintf(stderr, "seeding failed: %s\n", seeded.error().message.c_str());
        std::exit(1);
    }
    // Moving and (on PostgreSQL) analysing 100,000 rows takes a second or two: the first due
    // time leaves room for both, so that none of it counts as lateness.
    const Millis first_due = now_millis() + 5'000;
    auto moved = store.write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE post_targets SET scheduled_at = scheduled_at - $1, run_at = run_at - $1 WHERE org_id = $2",
                   {seeded_base - first_due, org_id});
        return {};
    });
    if (!moved) std::exit(1);
    // A live server's autovacuum keeps the statistics current; a table filled and rewritten a
    // moment ago has none yet, and the claim would be planned blind.
    if (store.backend() == store::Backend::postgres)
        (void)store.write([](store::Transaction& tx) -> Result<void> {
            tx.execute_script("ANALYZE post_targets; ANALYZE posts");
            return {};
        });
    lead_ms = first_due - now_millis();
    application.engine().start();
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        auto live = store.read([&](store::Transaction& tx) -> Result<std::int64_t> {
            return tx.query_one("SELECT COUNT(*) FROM post_targets WHERE org_id = $1 AND status IN ('scheduled', 'publishing')",
                                {org_id})
                ->int64(0);
        });
        if (live && *live == 0) break;
    }
    application.engine().stop();
    std::vector<double> lateness;
    Millis last = first_due;
    auto rows = store.read([&](store::Transaction& tx) -> Result<std::vector<store::Row>> {
        return tx.query("SELECT scheduled_at, published_at FROM post_targets WHERE org_id = $1 AND status = 'published'", {org_id});
    });
    for (const auto& row : *rows) {
        lateness.push_back(static_cast<double>(row.int64(1) - row.int64(0)));
        last = std::max(last, row.int64(1));
    }
    opened->reset();  // closes the store before its files go
    std::filesystem::remove_all(options.store.data_dir);
    return summarise(std::move(lateness), static_cast<double>(last - first_due) / 1000.0);
}

}  // namespace

int main(int argc, char** argv) {
    const int targets = argc > 1 ? std::atoi(argv[1]) : 100'000;
    const double window = argc > 2 ? std::atof(argv[2]) : 60.0;
    const std::string database_url = argc > 3 ? argv[3] : "";
    constexpr int concurrency = 64;
    curl_global_init(CURL_GLOBAL_DEFAULT);

    chorus::fakes::FakeNetworkOptions fake_options;
    fake_options.io_threads = 1;
    chorus::fakes::FakeNetwork fake(fake_options);

    const auto bare = bare_client(fake.base_url(), targets, window, concurrency);
    std::string store_name;
    chorus::Millis lead_ms = 0;
    const auto engine = chorus_engine(fake.base_url(), database_url, targets, window, concurrency, store_name, lead_ms);

    std::map<std::string, int> copies;
    for (const auto& post : fake.created())
        if (post.account != "bare") ++copies[post.idempotency_key];
    std::size_t duplicates = 0;
    for (const auto& [key, count] : copies) duplicates += static_cast<std::size_t>(count - 1);

    std::printf("publish_throughput: %d targets due evenly over %.0f s, fake network on loopback, store %s\n", targets, window,
                store_name.c_str());
    std::printf("  bare libcurl multi : %8.0f posts/s  lateness p50 %6.1f ms  p99 %7.1f ms  (%zu sent)\n", bare.posts_per_second,
                bare.p50_ms, bare.p99_ms, bare.succeeded);
    std::printf("  chorus engine      : %8.0f posts/s  lateness p50 %6.1f ms  p99 %7.1f ms  max %7.1f ms  (%zu published, %zu duplicates)\n",
                engine.posts_per_second, engine.p50_ms, engine.p99_ms, engine.max_ms, engine.succeeded, duplicates);
    const double ratio = bare.posts_per_second > 0 ? engine.posts_per_second / bare.posts_per_second : 0;
    std::printf("  ratio %.2f (goal >= 0.5), p99 lateness %.0f ms (goal < 1000 ms)\n", ratio, engine.p99_ms);
    if (lead_ms < 0)
        std::printf("  (the engine started %lld ms after the first due time: seeding overran, lateness is overstated)\n",
                    static_cast<long long>(-lead_ms));
    return engine.succeeded == static_cast<std::size_t>(targets) && duplicates == 0 ? 0 : 1;
}
