#include "http/message.h"

#include <boost/url/parse.hpp>

namespace chorus::http {
namespace {
std::optional<std::string> find(const Fields& fields, std::string_view name) {
    for (const auto& [key, value] : fields)
        if (key == name) return value;
    return std::nullopt;
}
}  // namespace

std::optional<std::string> Request::header(std::string_view name) const { return find(headers, name); }
std::optional<std::string> Request::query_param(std::string_view name) const { return find(query, name); }

std::optional<std::string> Request::cookie(std::string_view name) const {
    auto all = header("cookie");
    if (!all) return std::nullopt;
    std::string_view rest = *all;
    while (!rest.empty()) {
        auto end = rest.find(';');
        std::string_view pair = rest.substr(0, end);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

bool parse_target(std::string_view target, Request& request) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) return false;
    request.path = url->path();
    for (auto param : url->params()) request.query.emplace_back(param.key, param.value);
    return true;
}

}  // namespace chorus::http
