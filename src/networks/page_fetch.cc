#include "networks/page_fetch.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <cctype>
#include <string_view>

#include "core/ascii.h"

namespace chorus::networks {
namespace {

// RFC 2606 and 6761: names that never resolve, used in examples and tests.
bool is_reserved_name(std::string_view name) {
    auto host = to_lower_ascii(name);
    if (host.ends_with('.')) host.pop_back();
    for (std::string_view tld : std::array<std::string_view, 3>{"example", "invalid", "test"})
        if (host == tld || (host.size() > tld.size() && host.ends_with(tld) && host[host.size() - tld.size() - 1] == '.')) return true;
    return false;
}

}  // namespace

std::optional<HttpResponse> PageFetcher::fetch(const std::string& url, std::size_t max_bytes) const {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->host().empty()) return std::nullopt;
    if (is_reserved_name(parsed->host())) return std::nullopt;
    HttpRequest request;
    request.url = url;
    request.timeout = options_.timeout;
    request.public_only = !options_.allow_private_addresses;
    request.max_body_bytes = max_bytes;
    request.max_redirects = 5;
    request.headers = {{"Accept", "text/html,application/xhtml+xml,image/*;q=0.9,*/*;q=0.5"}};
    auto result = http_.send(std::move(request));
    if (auto* error = std::get_if<TransportError>(&result)) {
        spdlog::debug("link card: {} could not be read: {}", url, error->message);
        return std::nullopt;
    }
    auto& response = std::get<HttpResponse>(result);
    if (response.status < 200 || response.status >= 300) {
        spdlog::debug("link card: {} answered {}", url, response.status);
        return std::nullopt;
    }
    return std::move(response);
}

std::optional<LinkPreview> PageFetcher::preview(const std::string& url) const {
    auto page = fetch(url, options_.max_page_bytes);
    if (!page) return std::nullopt;
    return read_link_preview(page->body, url);
}

std::optional<FetchedImage> PageFetcher::image(const std::string& url, std::size_t max_bytes) const {
    auto answer = fetch(url, max_bytes);
    if (!answer) return std::nullopt;
    auto type = answer->header("content-type").value_or("");
    type = type.substr(0, type.find(';'));
    if (!type.starts_with("image/")) return std::nullopt;
    return FetchedImage{std::move(answer->body), std::move(type)};
}

}  // namespace chorus::networks
