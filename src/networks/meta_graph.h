#pragma once
// What Meta's Graph APIs (graph.facebook.com, graph.threads.net) share: calls carrying the
// user's access_token, error answers of the form {"error":{"message","type","code",
// "error_subcode","error_user_msg","is_transient","fbtrace_id"}} and the usage headers
// (X-App-Usage, X-Business-Use-Case-Usage) in percent of a rolling hour. Facebook Pages,
// Instagram and Threads connectors speak through one GraphClient each.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/http_forms.h"

namespace chorus::networks {

// The failure an error answer means. By Meta's documented codes: 190/102 (token expired,
// revoked or invalid) and 10/200–299 (permission not granted) are auth; 4, 17, 32, 613 and
// the business-use-case codes 80001–80014 are rate limits; 368 is an account restricted for
// policy; 506 a duplicate post; 1, 2 and is_transient are transient; 100 and media codes
// are validation, kept apart as media_rejected when they concern the media.
Failure graph_failure(const HttpResponse& response, Millis now);

// The budgets the usage headers reveal: X-App-Usage as "app:<network>", the business use
// case (X-Business-Use-Case-Usage) as `channel_scope`. Meta reports percent used of a
// rolling hour; the remaining share is the budget, and an exhausted one resets when Meta
// says (estimated_time_to_regain_access, minutes) or, failing that, in an hour.
std::vector<Budget> graph_usage_budgets(const HttpResponse& response, const std::string& network, const std::string& channel_scope,
                                        Millis now);

// An id in an answer: Graph ids are numbers in some answers and strings in others. "" when absent.
std::string graph_id(const boost::json::value& value, std::string_view key);

class GraphClient {
public:
    // base: the API address with its version, e.g. https://graph.threads.net/v1.0.
    GraphClient(HttpClient& http, std::string base, std::string network, std::chrono::milliseconds timeout)
        : http_(http), base_(std::move(base)), network_(std::move(network)), timeout_(timeout) {}

    const std::string& base() const { return base_; }

    // `path` starts with '/'. `scope` names the channel budget the usage headers feed ("" for
    // none). An empty token is not sent (the code exchange authenticates with the app).
    Outcome<boost::json::value> get(const std::string& path, FormFields query, const std::string& token, const std::string& scope = {});
    // Parameters go in a form body. `creates`: the call makes something (a post), so the
    // transport must never repeat it and a lost answer may mean it was made.
    Outcome<boost::json::value> post(const std::string& path, FormFields form, const std::string& token, const std::string& scope = {},
                                     bool creates = false);
    // With files (a photo's bytes), as multipart/form-data.
    Outcome<boost::json::value> post(const std::string& path, Multipart form, const std::string& token, const std::string& scope,
                                     bool creates);
    Outcome<boost::json::value> remove(const std::string& path, const std::string& token);

    // Any address (token endpoints live outside the versioned base).
    Outcome<boost::json::value> send(HttpRequest request, const std::string& scope, bool creates);

private:
    HttpClient& http_;
    std::string base_;
    std::string network_;
    std::chrono::milliseconds timeout_;
};

// Comments under a Graph object (a Page's post, an Instagram media), made as the token's
// owner: POST /{object}/comments with `message`. A lost answer may mean it was made.
Outcome<RemoteComment> post_graph_comment(GraphClient& graph, const CommentRequest& request, const std::string& token,
                                          const std::string& scope);

// How an object's comments are listed on one API: Facebook says message/from/created_time,
// Instagram text/username/timestamp.
struct GraphCommentListing {
    std::string fields;
    std::string text_field;
    std::string time_field;
    std::function<bool(const boost::json::value& comment)> made_by_account;
};

// The account's comment under the object with the request's text, made no earlier than the
// request's not_before; nullopt when there is none.
Outcome<std::optional<RemoteComment>> find_graph_comment(GraphClient& graph, const CommentRequest& request, const std::string& token,
                                                         const GraphCommentListing& listing);

}  // namespace chorus::networks
