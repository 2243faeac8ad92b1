#include "graph_fake.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include "http/multipart.h"

namespace chorus::fakes::graph {

namespace json = boost::json;

http::Response error(int status, int code, const std::string& message, int subcode, const std::string& type) {
    json::object body{{"message", message}, {"type", type}, {"code", code}, {"fbtrace_id", "AbCdEfGhIjK"}};
    if (subcode) body["error_subcode"] = subcode;
    return http::Response::json(status, json::serialize(json::object{{"error", body}}));
}

http::Response invalid_parameter(const std::string& message, const std::string& type) { return error(400, 100, message, 0, type); }

http::Response no_such_object(const std::string& id) {
    return error(400, 100,
                 "Unsupported get request. Object with ID '" + id +
                     "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                 33, "GraphMethodException");
}

std::map<std::string, std::string> parameters(const http::Request& request) {
    std::map<std::string, std::string> fields;
    for (const auto& [name, value] : request.query) fields[name] = value;
    const auto content_type = request.header("content-type").value_or("");
    if (content_type.starts_with("application/x-www-form-urlencoded")) {
        if (auto params = boost::urls::parse_query(request.body)) {
            boost::urls::encoding_opts form;
            form.space_as_plus = true;
            for (auto param : *params) fields[param.key.decode(form)] = param.value.decode(form);
        }
    } else if (content_type.starts_with("multipart/form-data")) {
        if (auto parts = http::parse_multipart(content_type, request.body))
            for (const auto& part : *parts)
                if (!part.filename) fields[part.name] = std::string(part.data);
    }
    return fields;
}

std::string iso_time(Millis at) { return format_utc(at).substr(0, 19) + "+0000"; }

http::Response approve(const std::string& redirect_uri, const std::string& code, const std::string& state) {
    boost::urls::url location(redirect_uri);
    location.params().append({"code", code});
    if (!state.empty()) location.params().append({"state", state});
    location.set_fragment("_");
    http::Response redirect;
    redirect.status = 302;
    redirect.headers.emplace_back("Location", std::string(location.buffer()));
    return redirect;
}

std::optional<Downloaded> download(networks::HttpClient& http, const std::string& url) {
    networks::HttpRequest fetch;
    fetch.url = url;
    fetch.timeout = std::chrono::seconds(5);
    auto result = http.send(std::move(fetch));
    const auto* response = std::get_if<networks::HttpResponse>(&result);
    if (!response || response->status != 200) return std::nullopt;
    return Downloaded{response->header("content-type").value_or(""), response->body.size()};
}

}  // namespace chorus::fakes::graph
