// What a network (or a page a user links) answers, as the connectors read it: each network's
// refusals, the rate-limit headers and dates, a linked page's title, description and image.
// Input: a status byte, header lines up to a blank line, then the body.
#include <cstddef>
#include <cstdint>

#include "networks/failures.h"
#include "networks/link_preview.h"
#include "networks/linkedin/rest.h"
#include "networks/meta_graph.h"
#include "networks/pinterest/api.h"
#include "networks/tiktok/api.h"
#include "networks/youtube/api.h"

using namespace chorus::networks;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    constexpr int statuses[] = {200, 201, 400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504};
    HttpResponse response;
    response.status = statuses[data[0] % std::size(statuses)];
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto blank = rest.find("\n\n");
    std::string_view head = blank == std::string_view::npos ? std::string_view() : rest.substr(0, blank);
    response.body = std::string(blank == std::string_view::npos ? rest : rest.substr(blank + 2));
    while (!head.empty()) {
        const auto end = head.find('\n');
        const auto line = head.substr(0, end);
        if (const auto colon = line.find(':'); colon != std::string_view::npos)
            response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
        head = end == std::string_view::npos ? std::string_view() : head.substr(end + 1);
    }
    const chorus::Millis now = 1'780'000'000'000;
    for (const auto& failure : {status_failure(response, "refused", "Refused", now), graph_failure(response, now),
                                linkedin::failure_from(response, now), pinterest::failure_from(response, now),
                                tiktok::failure_from(response, now), youtube::failure_from(response, now)})
        if (failure.code.empty()) __builtin_trap();  // every refusal is named
    (void)parse_retry_after(response.body, now);
    (void)parse_iso8601(response.body);
    (void)read_link_preview(response.body, "https://example.com/articles/1");
    (void)decode_html_entities(response.body);
    return 0;
}
