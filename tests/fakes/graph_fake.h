#pragma once
// What the contract fakes of Meta's Graph APIs (Threads, Facebook Pages, Instagram) share:
// the documented error body, parameters read from the query or a form body alike, Graph's
// time format, the consent screen that approves at once, and downloading media from the
// public address a connector gives.
#include <map>
#include <optional>
#include <string>

#include "core/clock.h"
#include "http/message.h"
#include "networks/http_client.h"

namespace chorus::fakes::graph {

// {"error":{"message","type","code","error_subcode","fbtrace_id"}}
http::Response error(int status, int code, const std::string& message, int subcode = 0, const std::string& type = "OAuthException");
http::Response invalid_parameter(const std::string& message, const std::string& type = "OAuthException");
http::Response no_such_object(const std::string& id);

// Graph takes parameters in the query or a form body alike (and multipart fields, for uploads).
std::map<std::string, std::string> parameters(const http::Request& request);

// "2026-11-24T09:00:00+0000"
std::string iso_time(Millis at);

// The consent screen approving at once: a redirect to redirect_uri with the code and the
// state, and Meta's "#_" fragment.
http::Response approve(const std::string& redirect_uri, const std::string& code, const std::string& state);

struct Downloaded {
    std::string mime;
    std::size_t bytes = 0;
};
// Fetches a media address as Meta does: nullopt unless it answers 200.
std::optional<Downloaded> download(networks::HttpClient& http, const std::string& url);

}  // namespace chorus::fakes::graph
