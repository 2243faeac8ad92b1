#pragma once
// A fault-injecting fake of the generic "testnet" network (see networks/testnet/connector.h
// for its API), on a loopback port. Tests and benchmarks tell it how to misbehave — 429
// with Retry-After, 5xx, hang, drop the connection after reading the request, answer
// slowly — before or after it stores the post, and it records every post it really
// created, so "exactly once" can be checked against the network's own record.
//
// Like most real networks it does not de-duplicate: the idempotency key is only a marker
// that the lookup endpoint matches.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "http/router.h"
#include "loopback_server.h"

namespace chorus::fakes {

enum class Fault {
    none,
    rate_limited,        // 429 + Retry-After, nothing created
    unavailable,         // 503, nothing created
    error_after_create,  // 500, but the post was stored
    hang_before_create,  // no answer within any sane timeout, nothing created
    hang_after_create,   // stored, then no answer
    drop_before_create,  // connection closed after reading the request, nothing created
    drop_after_create,   // stored, then the connection closed
    slow,                // stored and answered, late but within the timeout
};

struct FakeNetworkOptions {
    std::chrono::milliseconds hang{1'500};    // longer than the client's timeout
    std::chrono::milliseconds slow{150};
    std::chrono::milliseconds latency{0};     // every create answer takes at least this long
    int retry_after_seconds = 1;
    bool require_token = false;                // check Authorization: Bearer
    std::string account_password = "testnet";  // the password grant's one accepted password
    int io_threads = 2;
};

struct CreatedPost {
    std::string id;
    std::string account;
    std::string idempotency_key;
    std::string text;
    std::vector<std::string> media_ids;
    std::string reply_to = {};  // a comment: the id of the post it is under
};

struct UploadedMedia {
    std::string id;
    std::string mime;
    std::string bytes;
    std::string alt_text;
};

class FakeNetwork {
public:
    explicit FakeNetwork(FakeNetworkOptions options = {});
    ~FakeNetwork();

    std::string base_url() const;

    // Each create request draws a fault: with probability `rate` one of `kinds`, evenly.
    void inject(double rate, std::vector<Fault> kinds, std::uint32_t seed = 1);
    // The next create requests get exactly these faults, in order (then back to inject's draw).
    void script(std::vector<Fault> faults);
    // Lookups fail with 503 at this rate (reconciliation must survive that too).
    void fail_lookups(double rate);

    // Tokens: the access token that is currently valid, and the refresh token that renews it.
    struct Tokens {
        std::string access_token;
        std::string refresh_token;
    };
    Tokens issue_tokens();
    void expire_access_tokens();   // the next call gets 401; a refresh fixes it
    void revoke_refresh_tokens();  // refreshes get 400 invalid_grant

    std::vector<CreatedPost> created() const;
    std::vector<UploadedMedia> media() const;
    std::size_t create_requests() const;
    std::size_t lookups() const;

private:
    Fault draw_fault();
    http::Response create(http::Request& request);
    http::Response lookup(http::Request& request);
    http::Response remove(http::Request& request);
    http::Response token(http::Request& request);
    http::Response upload(http::Request& request);
    bool authorised(const http::Request& request) const;

    FakeNetworkOptions options_;
    mutable std::mutex mutex_;
    std::mt19937 random_;
    double fault_rate_ = 0;
    double lookup_failure_rate_ = 0;
    std::vector<Fault> fault_kinds_;
    std::vector<Fault> scripted_;
    std::vector<CreatedPost> created_;
    std::vector<UploadedMedia> media_;
    std::multimap<std::string, std::size_t> by_key_;
    std::size_t create_requests_ = 0;
    std::size_t lookups_ = 0;
    std::string access_token_;
    std::string refresh_token_;
    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

}  // namespace chorus::fakes
