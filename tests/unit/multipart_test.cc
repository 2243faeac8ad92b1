// multipart/form-data read as it arrives: the same form whatever pieces the network cuts
// the body into, and the same refusals as for a whole body.
#include <gtest/gtest.h>

#include "http/multipart.h"

namespace chorus::http {
namespace {

constexpr std::string_view content_type = "multipart/form-data; boundary=XyZ";

// A file whose bytes hold almost-delimiters, so that a piece boundary can fall inside one.
const std::string body =
    "preamble to ignore\r\n"
    "--XyZ\r\nContent-Disposition: form-data; name=\"brand_id\"\r\n\r\nbrand_1\r\n"
    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\nContent-Type: image/png\r\n\r\n"
    "\x89PNG\r\n--Xy\r\n--XyQ is not the end\r\n-\r\n--X\r\n"
    "--XyZ\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n"
    "--XyZ--\r\nepilogue to ignore";

struct Recorder : MultipartEvents {
    std::vector<FormPart> parts;
    int pieces = 0;
    Result<void> part(const PartHead& head) override {
        parts.push_back({head.name, head.filename, head.content_type, {}});
        return {};
    }
    Result<void> data(std::string_view bytes) override {
        ++pieces;
        parts.back().data.append(bytes);
        return {};
    }
    Result<void> part_end() override { return {}; }
};

TEST(Multipart, AWholeBodyGivesEachPartWithItsHeadAndData) {
    auto parts = parse_multipart(content_type, body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 3u);
    EXPECT_EQ((*parts)[0].name, "brand_id");
    EXPECT_EQ((*parts)[0].data, "brand_1");
    EXPECT_EQ((*parts)[1].filename, "a \"b\".png");
    EXPECT_EQ((*parts)[1].content_type, "image/png");
    EXPECT_EQ((*parts)[1].data, "\x89PNG\r\n--Xy\r\n--XyQ is not the end\r\n-\r\n--X");
    EXPECT_EQ((*parts)[2].data, "");
}

TEST(Multipart, AnyPieceSizeGivesTheSameForm) {
    const auto whole = parse_multipart(content_type, body);
    ASSERT_TRUE(whole);
    for (std::size_t piece = 1; piece <= body.size(); ++piece) {
        auto reader = MultipartReader::open(content_type);
        ASSERT_TRUE(reader);
        Recorder recorder;
        for (std::size_t at = 0; at < body.size(); at += piece)
            ASSERT_TRUE(reader->feed(std::string_view(body).substr(at, piece), recorder)) << "piece size " << piece;
        ASSERT_TRUE(reader->finish()) << "piece size " << piece;
        ASSERT_EQ(recorder.parts.size(), whole->size()) << "piece size " << piece;
        for (std::size_t i = 0; i < whole->size(); ++i) {
            EXPECT_EQ(recorder.parts[i].name, (*whole)[i].name);
            EXPECT_EQ(recorder.parts[i].data, (*whole)[i].data) << "piece size " << piece << ", part " << i;
        }
    }
}

TEST(Multipart, ALargeFileArrivesInPiecesNotWhole) {
    const std::string file(1 << 20, 'a');
    const std::string large = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" + file + "\r\n--XyZ--\r\n";
    auto reader = MultipartReader::open(content_type);
    Recorder recorder;
    for (std::size_t at = 0; at < large.size(); at += 65536) ASSERT_TRUE(reader->feed(std::string_view(large).substr(at, 65536), recorder));
    ASSERT_TRUE(reader->finish());
    EXPECT_EQ(recorder.parts.at(0).data.size(), file.size());
    EXPECT_GE(recorder.pieces, 16) << "data is handed on as it comes, not held until the part ends";
}

TEST(Multipart, BrokenBodiesAreRefusedWithTheirReason) {
    auto refusal = [](std::string_view type, std::string_view text) {
        auto parts = parse_multipart(type, text);
        return parts ? std::string("accepted") : parts.error().code + ": " + parts.error().message;
    };
    EXPECT_EQ(refusal("text/plain", body), "unsupported_media_type: Upload files as multipart/form-data (a browser's FormData)");
    EXPECT_EQ(refusal("multipart/form-data", body), "malformed_multipart: The multipart boundary is missing or invalid");
    EXPECT_EQ(refusal(content_type, "no boundary here"), "malformed_multipart: The body has no multipart boundary");
    EXPECT_EQ(refusal(content_type, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut short"),
              "malformed_multipart: A part is not closed by the boundary (truncated upload?)");
    EXPECT_EQ(refusal(content_type, "--XyZ\r\nno headers end"), "malformed_multipart: A part is not closed by the boundary (truncated upload?)");
    EXPECT_EQ(refusal(content_type, "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"), "malformed_multipart: A part has no name");
    EXPECT_EQ(refusal(content_type, "--XyZ!!"), "malformed_multipart: A multipart boundary is not followed by a line break");
    EXPECT_EQ(refusal(content_type, "--XyZ\r\n" + std::string(20'000, 'h')), "malformed_multipart: A part's headers are too long");
}

}  // namespace
}  // namespace chorus::http
