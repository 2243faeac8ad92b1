// A JSON body as every route reads it: parsed, refused with a reason, or read field by
// field; whatever it holds, an answer that echoes it is valid UTF-8.
#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>

#include "core/utf8.h"
#include "http/api/json_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chorus::http::Request request;
    request.headers.emplace_back("content-type", "application/json");
    request.body.assign(reinterpret_cast<const char*>(data), size);
    auto body = chorus::http::api::json_body(request);
    if (!body) {
        if (body.error().code.empty() || body.error().message.empty()) __builtin_trap();
        return 0;
    }
    using namespace chorus::http::api;
    (void)optional_string(*body, "name");
    (void)required_string(*body, "text");
    (void)nullable_string(*body, "scheduled_at");
    (void)optional_string_array(*body, "channel_ids");
    (void)optional_bool(*body, "revoke_api_tokens");
    const auto answer = chorus::http::Response::json(200, boost::json::serialize(*body));
    if (chorus::first_invalid_utf8_byte(answer.body)) __builtin_trap();
    return 0;
}
