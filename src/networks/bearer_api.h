#pragma once
// A JSON API reached with an OAuth bearer token (YouTube, LinkedIn, Pinterest, TikTok): the
// shape of its requests, and sending them with the network's own reading of its error
// answers. Connectors keep what differs (fixed headers, the error reader) and share the rest.
#include <boost/json/value.hpp>

#include <chrono>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"

namespace chorus::networks {

// How a network reports media it is still processing: the answer's status field turns
// `ready`, or `failed` with its reason in `reason_field` when the network gives one.
struct MediaWait {
    std::string ready;
    std::string failed;
    std::string reason_field = {};
    std::string what = "the media";  // as the messages name it: "the video"
    int polls = 1;
    std::chrono::milliseconds interval{0};
};

class BearerApi {
public:
    // What an error answer (any status outside 2xx) means on this network.
    using FailureReader = Failure (*)(const HttpResponse& response, Millis now);

    BearerApi(HttpClient& http, std::string network, std::string api_url, std::chrono::milliseconds timeout, FailureReader read_failure,
              HeaderFields fixed_headers = {})
        : http_(http), network_(std::move(network)), api_url_(std::move(api_url)), timeout_(timeout), read_failure_(read_failure),
          fixed_headers_(std::move(fixed_headers)) {}

    const std::string& api_url() const { return api_url_; }

    // A request to api_url + path (or to an absolute address the network gave, such as an
    // upload URL) with the bearer token and the network's fixed headers.
    HttpRequest request(std::string method, const std::string& path_or_url, const std::string& token) const;
    HttpRequest json_request(std::string method, const std::string& path_or_url, const std::string& token,
                             const boost::json::value& body) const;

    // Whatever HTTP answer came, or the transport's failure.
    Outcome<HttpResponse> exchange(HttpRequest request);
    // A 2xx answer, or the failure the answer means.
    Outcome<HttpResponse> send(HttpRequest request);
    // The same, read as a JSON object (an empty 2xx body reads as null). An unreadable answer
    // to a creating request (idempotent = false) may have created the thing.
    Outcome<boost::json::value> call(HttpRequest request);
    // Reads a 2xx answer already received the same way.
    Outcome<boost::json::value> read(const HttpResponse& response, bool creates) const;
    // DELETEs path_or_url; a thing already gone (404) is deleted as far as the user cares.
    Outcome<Deleted> remove(const std::string& path_or_url, const std::string& token);
    // Reads path_or_url until the media it describes is ready (that answer). Failed is the
    // network refusing the media (media_rejected, validation); still processing after
    // `polls` reads is media_processing (transient).
    Outcome<boost::json::value> wait_for_media(const std::string& path_or_url, const std::string& token, const MediaWait& wait);

private:
    HttpClient& http_;
    std::string network_;
    std::string api_url_;
    std::chrono::milliseconds timeout_;
    FailureReader read_failure_;
    HeaderFields fixed_headers_;
};

}  // namespace chorus::networks
