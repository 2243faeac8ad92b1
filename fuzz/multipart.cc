// A form upload as it arrives: the first byte says how the network cuts the body into
// pieces; read piece by piece, the form must be the one read whole.
#include <cstddef>
#include <cstdint>

#include "http/multipart.h"

namespace {

struct Collect : chorus::http::MultipartEvents {
    std::vector<chorus::http::FormPart> parts;
    chorus::Result<void> part(const chorus::http::PartHead& head) override {
        parts.push_back({head.name, head.filename, head.content_type, {}});
        return {};
    }
    chorus::Result<void> data(std::string_view bytes) override {
        parts.back().data.append(bytes);
        return {};
    }
    chorus::Result<void> part_end() override { return {}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t piece = 1 + data[0] % 64;
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    constexpr std::string_view type = "multipart/form-data; boundary=B0und";
    auto whole = chorus::http::parse_multipart(type, body);
    auto reader = chorus::http::MultipartReader::open(type);
    Collect pieces;
    bool ok = true;
    for (std::size_t at = 0; at < body.size() && ok; at += piece) ok = static_cast<bool>(reader->feed(body.substr(at, piece), pieces));
    ok = ok && reader->finish();
    if (ok != static_cast<bool>(whole)) __builtin_trap();
    if (!ok) return 0;
    if (pieces.parts.size() != whole->size()) __builtin_trap();
    for (std::size_t i = 0; i < whole->size(); ++i)
        if (pieces.parts[i].name != (*whole)[i].name || pieces.parts[i].data != (*whole)[i].data) __builtin_trap();
    return 0;
}
