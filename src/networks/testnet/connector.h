#pragma once
// The connector for "testnet", a small generic network whose only implementation is the
// fault-injecting fake in tests/fakes. It exercises the whole engine the way a real network
// would, without a real network's quirks:
//   POST   /v1/posts {account, text, idempotency_key, title?, link?, media_count}
//          → 201 {id, url}; errors {"error": {"code", "message"}}; 401 when the token expired
//          A comment is a post with reply_to: {account, text, idempotency_key, reply_to}
//   GET    /v1/posts?account=…&idempotency_key=…  → 200 {posts: [{id, url}]}
//   DELETE /v1/posts/{id}                           → 204
//   POST   /v1/media?alt_text=… (the bytes, with their Content-Type) → 201 {id}; posts then list media_ids
//   POST   /oauth/token {grant_type: "refresh_token", refresh_token} → {access_token, refresh_token, expires_in}
// Responses carry X-RateLimit-Remaining and X-RateLimit-Reset (Unix seconds) per account.
// The network does not de-duplicate: the idempotency key is only a marker that find() uses.
#include <memory>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"

namespace chorus::networks {

struct TestnetOptions {
    std::string base_url;                       // e.g. http://127.0.0.1:9000
    std::chrono::milliseconds timeout{10'000};  // per request
};

std::shared_ptr<Connector> make_testnet_connector(HttpClient& http, TestnetOptions options);

}  // namespace chorus::networks
