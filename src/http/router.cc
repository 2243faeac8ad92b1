#include "http/router.h"

namespace chorus::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start < path.size()) {
        if (path[start] == '/') {
            ++start;
            continue;
        }
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        segments.emplace_back(path.substr(start, end - start));
        start = end;
    }
    return segments;
}

bool is_parameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for (unsigned char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                    out += buffer;
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
    }
    out.push_back('"');
}

}  // namespace

Response error_body(int status, std::string_view code, std::string_view message, std::string_view field) {
    // Written by hand rather than with Boost.JSON so that this low layer stays light.
    std::string body = "{\"error\":{\"code\":";
    append_json_string(body, code);
    body += ",\"message\":";
    append_json_string(body, message);
    if (!field.empty()) {
        body += ",\"field\":";
        append_json_string(body, field);
    }
    body += "}}";
    return Response::json(status, std::move(body));
}

Response error_response(const Error& error) {
    Response response = error_body(http_status(error.kind), error.code, error.message, error.field);
    if (error.retry_after) response.headers.emplace_back("Retry-After", std::to_string(error.retry_after->count()));
    return response;
}

void Router::add(std::string method, std::string pattern, Handler handler, Execution execution) {
    routes_.push_back({std::move(method), split_path(pattern), std::move(handler), execution, std::nullopt, std::nullopt});
}

void Router::add_form_upload(std::string method, std::string pattern, Handler handler, FormUpload upload) {
    const auto limit = upload.body_limit_bytes;
    routes_.push_back({std::move(method), split_path(pattern), std::move(handler), Execution::blocking, limit, std::move(upload)});
}

const FormUpload* Router::form_upload_of(const Request& request) const {
    bool known = false;
    std::string allowed;
    const Route* route = match(request, known, allowed);
    return route && route->form ? &*route->form : nullptr;
}

void Router::add_upload(std::string method, std::string pattern, Handler handler, std::size_t body_limit_bytes) {
    routes_.push_back({std::move(method), split_path(pattern), std::move(handler), Execution::blocking, body_limit_bytes, std::nullopt});
}

std::optional<std::size_t> Router::body_limit_of(const Request& request) const {
    bool known = false;
    std::string allowed;
    const Route* route = match(request, known, allowed);
    return route ? route->body_limit : std::nullopt;
}

const Router::Route* Router::match(const Request& request, bool& path_known, std::string& allowed) const {
    const auto segments = split_path(request.path);
    path_known = false;
    for (const auto& route : routes_) {
        if (route.segments.size() != segments.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < segments.size() && same; ++i)
            same = is_parameter(route.segments[i]) || route.segments[i] == segments[i];
        if (!same) continue;
        path_known = true;
        if (route.method == request.method) return &route;
        allowed += (allowed.empty() ? "" : ", ") + route.method;
    }
    return nullptr;
}

Execution Router::execution_of(const Request& request) const {
    bool known = false;
    std::string allowed;
    const Route* route = match(request, known, allowed);
    return route ? route->execution : Execution::inline_on_io;  // errors are cheap
}

Response Router::dispatch(Request& request) const {
    bool known = false;
    std::string allowed;
    const Route* route = match(request, known, allowed);
    if (!route) {
        if (!known) return error_body(404, "not_found", "No such endpoint: " + request.path);
        Response response = error_body(405, "method_not_allowed", request.method + " is not allowed here; use " + allowed);
        response.headers.emplace_back("Allow", allowed);
        return response;
    }
    const auto segments = split_path(request.path);
    for (std::size_t i = 0; i < segments.size(); ++i)
        if (is_parameter(route->segments[i]))
            request.path_params[route->segments[i].substr(1, route->segments[i].size() - 2)] = segments[i];
    return route->handler(request);
}

}  // namespace chorus::http
