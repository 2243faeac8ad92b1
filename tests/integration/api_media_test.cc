// The media library through the API, with real files made by ffmpeg in the test: JPEG, PNG,
// WebP, GIF and MP4 are described correctly; bad files are refused clearly.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "media/renditions.h"
#include "media/sniff.h"
#include "media_files.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

std::uint32_t crc32(std::string_view bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string big_endian(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8), static_cast<char>(value)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
    return big_endian(static_cast<std::uint32_t>(data.size())) + type + data + big_endian(crc32(type + data));
}

// A 100 000 × 100 000 PNG in a few dozen bytes: a decompression bomb.
std::string png_bomb() {
    std::string header = big_endian(100'000) + big_endian(100'000) + std::string("\x08\x02\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", header) + png_chunk("IDAT", std::string("\x78\x9C\x03\x00\x00\x00\x00\x01", 8)) +
           png_chunk("IEND", "");
}

// The same JPEG with an EXIF block whose GPS directory says "latitude north".
std::string with_gps(const std::string& jpeg) {
    const std::string tiff("II*\0\x08\0\0\0"                                 // little endian, IFD0 at 8
                           "\x01\0" "\x25\x88\x04\0\x01\0\0\0\x1A\0\0\0" "\0\0\0\0"  // GPSInfo → 26
                           "\x01\0" "\x01\0\x02\0\x02\0\0\0N\0\0\0" "\0\0\0\0",     // GPSLatitudeRef "N"
                           44);
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const auto length = static_cast<std::uint16_t>(payload.size() + 2);
    const std::string segment = std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) + static_cast<char>(length & 0xFF) + payload;
    return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

std::string multipart(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& filename,
                      const std::string& file) {
    std::string body;
    for (const auto& [name, value] : fields)
        body += "--chorus-boundary\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    body += "--chorus-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
            "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + file + "\r\n--chorus-boundary--\r\n";
    return body;
}

class MediaApi : public ::testing::TestWithParam<store::Backend> {
protected:
    static void SetUpTestSuite() {
        files_dir = make_temp_dir();
        const std::string pattern = "-f lavfi -i testsrc=size=640x480:rate=1 -frames:v 1";
        jpeg = make_media_file(files_dir, "a.jpg", pattern);
        png = make_media_file(files_dir, "a.png", pattern);
        webp = make_media_file(files_dir, "a.webp", pattern);
        gif = make_media_file(files_dir, "a.gif", "-f lavfi -i testsrc=size=320x240:rate=5:duration=1");
        mp4 = make_media_file(files_dir, "a.mp4", "-f lavfi -i testsrc=size=320x240:rate=25:duration=2 -pix_fmt yuv420p");
        // Noise compresses badly: a 3000 × 2000 JPEG of well over a megabyte.
        large_jpeg = make_media_file(files_dir, "large.jpg", "-f lavfi -i \"nullsrc=size=3000x2000,geq=lum='128+random(1)*60':cb=128:cr=128\" -frames:v 1 -q:v 4");
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(files_dir); }

    TestServer server{GetParam(), [](app::ApplicationOptions& options) { options.max_upload_bytes = 3 << 20; }};
    Caller owner = server.new_owner("Media");
    std::string brand_id = [&] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();

    HttpResponse upload(const std::string& filename, const std::string& bytes, std::vector<std::pair<std::string, std::string>> fields = {}) {
        fields.emplace_back("brand_id", brand_id);
        HeaderList headers{{"Content-Type", "multipart/form-data; boundary=chorus-boundary"},
                           {"Cookie", owner.cookie},
                           {"X-CSRF-Token", owner.csrf}};
        return http_request(server.port(), "POST", "/api/v1/media", multipart(fields, filename, bytes), headers);
    }

    static inline std::string files_dir, jpeg, png, webp, gif, mp4, large_jpeg;
};

TEST_P(MediaApi, RealImagesAndVideosAreDescribedFromTheirBytes) {
    struct Expected {
        std::string name, bytes, kind, mime;
        int width, height;
    };
    for (const auto& file : {Expected{"photo.jpg", jpeg, "image", "image/jpeg", 640, 480},
                             Expected{"chart.png", png, "image", "image/png", 640, 480},
                             Expected{"photo.webp", webp, "image", "image/webp", 640, 480},
                             Expected{"loop.gif", gif, "gif", "image/gif", 320, 240},
                             Expected{"clip.mp4", mp4, "video", "video/mp4", 320, 240}}) {
        auto uploaded = upload(file.name, file.bytes, {{"alt_text", "A test pattern"}});
        ASSERT_EQ(uploaded.status, 201) << file.name << ": " << uploaded.body;
        const auto item = uploaded.json();
        EXPECT_EQ(item.at("kind"), file.kind) << file.name;
        EXPECT_EQ(item.at("mime"), file.mime) << file.name;
        EXPECT_EQ(item.at("width").as_int64(), file.width) << file.name;
        EXPECT_EQ(item.at("height").as_int64(), file.height) << file.name;
        EXPECT_EQ(item.at("size_bytes").as_int64(), static_cast<std::int64_t>(file.bytes.size()));
        EXPECT_EQ(item.at("alt_text"), "A test pattern");
        EXPECT_EQ(item.at("filename"), file.name);
        if (file.kind == "video") {
            EXPECT_NEAR(item.at("duration_seconds").as_double(), 2.0, 0.1);
        }
        if (file.kind == "gif") {
            EXPECT_EQ(item.at("frames").as_int64(), 5);
        }
        auto stored = server.call(owner, "GET", std::string(item.at("url").as_string()));
        EXPECT_EQ(stored.status, 200);
        EXPECT_EQ(stored.header("content-type"), file.mime);
        EXPECT_TRUE(stored.body == file.bytes) << file.name << " comes back byte for byte";
    }
}

TEST_P(MediaApi, TheSameBytesTwiceAreOneItemWhateverTheirName) {
    auto first = upload("a.jpg", jpeg);
    ASSERT_EQ(first.status, 201);
    auto again = upload("renamed.png", jpeg);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json().at("duplicate").as_bool(), true);
    EXPECT_EQ(again.json().at("id"), first.json().at("id"));
    EXPECT_EQ(again.json().at("mime"), "image/jpeg") << "the bytes decide, not the name";
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/media?brand_id=" + brand_id).json().at("items").as_array().size(), 1u);
}

TEST_P(MediaApi, BadFilesAreRefusedWithAReasonAndNothingIsKept) {
    auto text = upload("notes.jpg", "This is not a picture at all, whatever its name says.");
    EXPECT_EQ(text.status, 415) << text.body;
    EXPECT_EQ(text.json().at("error").at("code"), "unsupported_file_type");
    EXPECT_EQ(text.json().at("error").at("field"), "file");

    auto truncated = upload("cut.jpg", jpeg.substr(0, jpeg.size() / 2));
    EXPECT_EQ(truncated.status, 422) << truncated.body;
    EXPECT_EQ(truncated.json().at("error").at("code"), "unreadable_image");

    auto cut_video = upload("cut.mp4", mp4.substr(0, mp4.size() / 2));
    EXPECT_EQ(cut_video.status, 422) << cut_video.body;
    EXPECT_EQ(cut_video.json().at("error").at("code"), "unreadable_video");

    auto bomb = upload("bomb.png", png_bomb());
    EXPECT_EQ(bomb.status, 422) << bomb.body;
    EXPECT_EQ(bomb.json().at("error").at("code"), "too_many_pixels");

    auto too_big = upload("big.jpg", jpeg + std::string(4 << 20, '\0'));
    EXPECT_EQ(too_big.status, 413) << too_big.body;

    HeaderList headers{{"Content-Type", "multipart/form-data; boundary=chorus-boundary"}, {"Cookie", owner.cookie},
                       {"X-CSRF-Token", owner.csrf}};
    auto broken = http_request(server.port(), "POST", "/api/v1/media", "--chorus-boundary\r\nno headers end", headers);
    EXPECT_EQ(broken.status, 400) << broken.body;
    EXPECT_EQ(broken.json().at("error").at("code"), "malformed_multipart");

    EXPECT_TRUE(server.call(owner, "GET", "/api/v1/media").json().at("items").as_array().empty());
}

TEST_P(MediaApi, AFileOfAWrongKindIsRefusedFromItsFirstBytesWithoutWaitingForTheRest) {
    // A client announces 3 MB and sends 64 KB of something that is no picture nor video.
    const std::string start = "--chorus-boundary\r\nContent-Disposition: form-data; name=\"brand_id\"\r\n\r\n" + brand_id +
                              "\r\n--chorus-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"film.mp4\"\r\n\r\n" +
                              std::string(64 * 1024, 'x');
    const std::string head = "POST /api/v1/media HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: multipart/form-data; boundary=chorus-boundary\r\nCookie: " + owner.cookie +
                             "\r\nX-CSRF-Token: " + owner.csrf + "\r\nContent-Length: " + std::to_string(3 << 20) + "\r\n\r\n";
    auto answer = answer_to_unfinished_request(server.port(), head + start, std::chrono::seconds(10));
    ASSERT_TRUE(answer.starts_with("HTTP/1.1 415")) << "no answer before the whole body, or the wrong one: " << answer;
    EXPECT_NE(answer.find("unsupported_file_type"), std::string::npos);
}

TEST_P(MediaApi, AnUploadWithoutASignedInContributorIsRefusedBeforeItsBodyIsRead) {
    const std::string start = "--chorus-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n" +
                              png.substr(0, 4096);
    auto head = [&](const std::string& credentials) {
        return "POST /api/v1/media HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=chorus-boundary\r\n" +
               credentials + "Content-Length: " + std::to_string(3 << 20) + "\r\n\r\n";
    };
    auto anonymous = answer_to_unfinished_request(server.port(), head("") + start, std::chrono::seconds(10));
    EXPECT_TRUE(anonymous.starts_with("HTTP/1.1 401")) << anonymous;
    auto no_csrf = answer_to_unfinished_request(server.port(), head("Cookie: " + owner.cookie + "\r\n") + start, std::chrono::seconds(10));
    EXPECT_TRUE(no_csrf.starts_with("HTTP/1.1 403")) << no_csrf;
    auto viewer = server.add_member(owner, "viewer");
    auto as_viewer = answer_to_unfinished_request(
        server.port(), head("Cookie: " + viewer.cookie + "\r\nX-CSRF-Token: " + viewer.csrf + "\r\n") + start, std::chrono::seconds(10));
    EXPECT_TRUE(as_viewer.starts_with("HTTP/1.1 403")) << as_viewer;
    std::error_code ignored;
    EXPECT_TRUE(std::filesystem::is_empty(server.app().media().incoming_directory(), ignored) ||
                !std::filesystem::exists(server.app().media().incoming_directory()))
        << "nothing of a refused upload reached the disk";
}

// curl asks before sending a large file (Expect: 100-continue) and waits a second for an
// answer: an admitted upload is told to go on at once, a refused one gets its refusal.
TEST_P(MediaApi, AClientThatAsksBeforeSendingIsAnsweredAtOnce) {
    auto head = [&](const std::string& credentials) {
        return "POST /api/v1/media HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=chorus-boundary\r\n" +
               credentials + "Expect: 100-continue\r\nContent-Length: " + std::to_string(2 << 20) + "\r\n\r\n";
    };
    auto admitted = answer_to_unfinished_request(
        server.port(), head("Cookie: " + owner.cookie + "\r\nX-CSRF-Token: " + owner.csrf + "\r\n"), std::chrono::milliseconds(900));
    EXPECT_TRUE(admitted.starts_with("HTTP/1.1 100 Continue")) << admitted;
    auto refused = answer_to_unfinished_request(server.port(), head(""), std::chrono::milliseconds(900));
    EXPECT_TRUE(refused.starts_with("HTTP/1.1 401")) << refused;
}

TEST_P(MediaApi, NoUploadLeavesATemporaryFileBehind) {
    EXPECT_EQ(upload("a.jpg", jpeg).status, 201);
    EXPECT_EQ(upload("again.jpg", jpeg).status, 200);
    EXPECT_EQ(upload("a.mp4", mp4).status, 201);
    EXPECT_EQ(upload("notes.jpg", "not a picture").status, 415);
    EXPECT_EQ(upload("cut.jpg", jpeg.substr(0, jpeg.size() / 2)).status, 422);
    EXPECT_EQ(upload("bomb.png", png_bomb()).status, 422);
    EXPECT_EQ(upload("big.jpg", jpeg + std::string(4 << 20, '\0')).status, 413);
    EXPECT_EQ(upload("", "").status, 422);
    const auto incoming = std::filesystem::path(server.app().media().incoming_directory());
    auto left = [&] {
        std::vector<std::string> names;
        std::error_code ignored;
        for (auto it = std::filesystem::directory_iterator(incoming, ignored); !ignored && it != std::filesystem::directory_iterator(); ++it)
            names.push_back(it->path().filename().string());
        return names;
    };
    // A connection's last request is cleaned up as the connection ends, just after its answer.
    for (int i = 0; i < 50 && !left().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(left().empty()) << left().front();
}

// A picture too large to keep decoded in memory is read from its file once per try; each try
// at a lower quality or a smaller size reads it again, until the rendition fits.
TEST(Renditions, APictureTooLargeToKeepDecodedStillFitsAfterSeveralTries) {
    const auto dir = make_temp_dir();
    make_media_file(dir, "noise.jpg", "-f lavfi -i \"nullsrc=size=5200x4000,geq=lum='128+random(1)*60':cb=128:cr=128\" -frames:v 1 -q:v 3");
    const auto path = dir + "/noise.jpg";
    media::MediaInfo info;
    info.type = *media::sniff(read_file(path).substr(0, 64));
    info.size_bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    info.width = 5200;
    info.height = 4000;
    networks::MediaLimits limits;
    limits.max_image_bytes = 2'000'000;
    ASSERT_GT(static_cast<std::size_t>(info.size_bytes), *limits.max_image_bytes);
    auto made = media::image_rendition(path, info, limits);
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_LE(made->bytes.size(), *limits.max_image_bytes);
    EXPECT_EQ(made->mime, "image/jpeg");
    EXPECT_LT(made->width, 5200) << "noise does not fit at full size: it was made smaller";
    std::filesystem::remove_all(dir);
}

TEST_P(MediaApi, TextFieldsThatAreNotUtf8AreRefusedAndNothingStoredCanBreakAnAnswer) {
    auto bad_alt = upload("a.jpg", jpeg, {{"alt_text", "\xFF\xFE"}});
    EXPECT_EQ(bad_alt.status, 400) << bad_alt.body;
    EXPECT_EQ(bad_alt.json().at("error").at("field"), "alt_text");
    auto bad_name = upload("\xFF\xFE.png", png);
    EXPECT_EQ(bad_name.status, 400) << bad_name.body;
    EXPECT_EQ(bad_name.json().at("error").at("field"), "file.filename");
    auto nul = upload("a.jpg", jpeg, {{"folder", std::string("a\0b", 3)}});
    EXPECT_EQ(nul.status, 400) << nul.body;
    EXPECT_EQ(nul.json().at("error").at("field"), "folder");
    EXPECT_TRUE(server.call(owner, "GET", "/api/v1/media?brand_id=" + brand_id).json().at("items").as_array().empty());

    // Bytes stored some other way (an older version, a restore) still give readable JSON.
    // (PostgreSQL refuses to store invalid UTF-8 at all; SQLite keeps any bytes.)
    if (GetParam() == store::Backend::postgres) return;
    auto stored = upload("a.jpg", jpeg, {{"alt_text", "fine"}});
    ASSERT_EQ(stored.status, 201) << stored.body;
    ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE media SET alt_text = $2 WHERE id = $1", {std::string(stored.json().at("id").as_string()), std::string("caf\xC3 \xFF")});
        return {};
    }));
    auto listed = server.call(owner, "GET", "/api/v1/media?brand_id=" + brand_id);
    ASSERT_EQ(listed.status, 200);
    boost::system::error_code error;
    const auto parsed = boost::json::parse(listed.body, error);
    ASSERT_FALSE(error) << "not valid JSON: " << error.message();
    EXPECT_EQ(parsed.at("items").at(0).at("alt_text"), "caf\uFFFD \uFFFD");
}

TEST_P(MediaApi, AltTextFoldersAndTagsOrganiseTheLibrary) {
    auto menu = upload("menu.jpg", jpeg, {{"folder", "Spring/Menus"}, {"tags", "Food, spring"}});
    auto chart = upload("chart.png", png, {{"folder", "Reports"}});
    auto clip = upload("clip.mp4", mp4, {{"folder", "Spring"}});
    ASSERT_EQ(menu.status, 201) << menu.body;
    EXPECT_EQ(menu.json().at("tags"), (json::array{"food", "spring"}));
    const std::string chart_id(chart.json().at("id").as_string());

    auto described = server.call(owner, "PATCH", "/api/v1/media/" + chart_id,
                                 R"({"alt_text":"Bar chart of November sales","tags":["report","Sales"],"folder":"/Reports/2026/"})");
    ASSERT_EQ(described.status, 200) << described.body;
    EXPECT_EQ(described.json().at("alt_text"), "Bar chart of November sales");
    EXPECT_EQ(described.json().at("folder"), "Reports/2026");
    EXPECT_EQ(described.json().at("tags"), (json::array{"report", "sales"}));

    auto ids = [&](const std::string& query) {
        std::set<std::string> out;
        const auto listed = server.call(owner, "GET", "/api/v1/media?" + query).json();
        for (const auto& item : listed.at("items").as_array()) out.insert(std::string(item.at("id").as_string()));
        return out;
    };
    const std::string menu_id(menu.json().at("id").as_string()), clip_id(clip.json().at("id").as_string());
    EXPECT_EQ(ids("folder=Spring"), (std::set<std::string>{menu_id, clip_id})) << "a folder includes its subfolders";
    EXPECT_EQ(ids("folder=Spring/Menus"), std::set<std::string>{menu_id});
    EXPECT_EQ(ids("tag=SALES"), std::set<std::string>{chart_id});
    EXPECT_EQ(ids("kind=video"), std::set<std::string>{clip_id});

    auto too_long = server.call(owner, "PATCH", "/api/v1/media/" + chart_id, json::serialize(json::object{{"alt_text", std::string(1501, 'a')}}));
    EXPECT_EQ(too_long.status, 422);
    EXPECT_EQ(too_long.json().at("error").at("field"), "alt_text");

    // The focal point networks crop around (Mastodon): "x,y" from -1 to 1; null clears it.
    EXPECT_TRUE(described.json().at("focus").is_null());
    auto focused = server.call(owner, "PATCH", "/api/v1/media/" + chart_id, R"({"focus":"-0.25,0.8"})");
    ASSERT_EQ(focused.status, 200) << focused.body;
    EXPECT_EQ(focused.json().at("focus"), "-0.25,0.8");
    EXPECT_EQ(focused.json().at("alt_text"), "Bar chart of November sales") << "other fields stay";
    for (const char* bad : {R"({"focus":"1.5,0"})", R"({"focus":"0.5"})", R"({"focus":"left,top"})"}) {
        auto refused = server.call(owner, "PATCH", "/api/v1/media/" + chart_id, bad);
        EXPECT_EQ(refused.status, 422) << bad;
        EXPECT_EQ(refused.json().at("error").at("field"), "focus") << bad;
    }
    EXPECT_TRUE(server.call(owner, "PATCH", "/api/v1/media/" + chart_id, R"({"focus":null})").json().at("focus").is_null());

    auto stranger = server.new_owner("Rival");
    EXPECT_EQ(server.call(stranger, "GET", "/api/v1/media/" + chart_id).status, 404);
    EXPECT_EQ(server.call(stranger, "GET", "/api/v1/media/" + chart_id + "/file").status, 404);
    EXPECT_EQ(server.call(stranger, "DELETE", "/api/v1/media/" + chart_id).status, 404);
    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/media/" + chart_id).status, 204);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/media/" + chart_id + "/file").status, 404);
}

TEST_P(MediaApi, RenditionsFitEachNetworksLimitsAndNeverCarryALocation) {
    ASSERT_GT(large_jpeg.size(), 1'000'000u) << "the test image must exceed Bluesky's limit";
    auto server_limit_free = [&](const std::string& name, const std::string& bytes) {
        auto uploaded = upload(name, bytes);
        EXPECT_EQ(uploaded.status, 201) << uploaded.body;
        return std::string(uploaded.json().at("id").as_string());
    };
    // Uploads here are limited to 3 MB; the large image is under that and over 1 MB.
    const auto large = server_limit_free("large.jpg", large_jpeg);
    auto for_bluesky = server.call(owner, "GET", "/api/v1/media/" + large + "/renditions/bluesky");
    ASSERT_EQ(for_bluesky.status, 200) << for_bluesky.body;
    EXPECT_EQ(for_bluesky.header("x-chorus-rendition"), "converted");
    const auto size = for_bluesky.header("x-chorus-size");
    EXPECT_TRUE(size == "2000x1333" || std::stoi(size) < 2000) << size << ": the longest side at most Bluesky's 2000";
    EXPECT_LE(for_bluesky.body.size(), 1'000'000u);
    EXPECT_EQ(for_bluesky.header("content-type"), "image/jpeg");
    // The rendition is itself a good image: uploading it is accepted and described.
    auto reuploaded = upload("rendition.jpg", for_bluesky.body);
    ASSERT_EQ(reuploaded.status, 201) << reuploaded.body;
    EXPECT_EQ(std::to_string(reuploaded.json().at("width").as_int64()) + "x" + std::to_string(reuploaded.json().at("height").as_int64()),
              size);

    auto for_x = server.call(owner, "GET", "/api/v1/media/" + large + "/renditions/x");
    EXPECT_EQ(for_x.header("x-chorus-rendition"), "original") << "X takes 5 MB at any size";
    EXPECT_TRUE(for_x.body == large_jpeg);

    auto located = upload("located.jpg", with_gps(jpeg));
    ASSERT_EQ(located.status, 201) << located.body;
    EXPECT_EQ(located.json().at("has_location").as_bool(), true);
    auto stripped = server.call(owner, "GET", "/api/v1/media/" + std::string(located.json().at("id").as_string()) + "/renditions/x");
    ASSERT_EQ(stripped.status, 200) << stripped.body;
    EXPECT_EQ(stripped.header("x-chorus-rendition"), "converted") << "a located photo is always re-encoded";
    auto checked = upload("stripped.jpg", stripped.body);
    ASSERT_EQ(checked.status, 201) << checked.body;
    EXPECT_EQ(checked.json().at("has_location").as_bool(), false);

    // Instagram takes JPEG only: a PNG is converted, a GIF refused; X keeps the PNG.
    const auto png_id = server_limit_free("a.png", png);
    auto for_instagram = server.call(owner, "GET", "/api/v1/media/" + png_id + "/renditions/instagram");
    ASSERT_EQ(for_instagram.status, 200) << for_instagram.body;
    EXPECT_EQ(for_instagram.header("content-type"), "image/jpeg");
    EXPECT_EQ(for_instagram.header("x-chorus-rendition"), "converted");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/media/" + png_id + "/renditions/x").header("content-type"), "image/png");
    auto gif_for_instagram = server.call(owner, "GET", "/api/v1/media/" + server_limit_free("a.gif", gif) + "/renditions/instagram");
    EXPECT_EQ(gif_for_instagram.status, 422) << gif_for_instagram.body;
    EXPECT_NE(gif_for_instagram.body.find("gif_unsupported"), std::string::npos) << gif_for_instagram.body;

    auto video = server.call(owner, "GET", "/api/v1/media/" + server_limit_free("clip.mp4", mp4) + "/renditions/x");
    EXPECT_EQ(video.status, 422);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/media/" + large + "/renditions/myspace").status, 422);
}

TEST_P(MediaApi, APostsImagesArePublishedFittedToTheNetworkWithTheirAltText) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("media-account");
    auto upload_to = [&](const std::string& name, const std::string& bytes, const std::string& alt) {
        HeaderList headers{{"Content-Type", "multipart/form-data; boundary=chorus-boundary"},
                           {"Cookie", setup.owner.cookie},
                           {"X-CSRF-Token", setup.owner.csrf}};
        auto response = http_request(setup.server->port(), "POST", "/api/v1/media",
                                     multipart({{"brand_id", setup.brand_id}, {"alt_text", alt}}, name, bytes), headers);
        EXPECT_EQ(response.status, 201) << response.body;
        return std::string(response.json().at("id").as_string());
    };
    const auto large = upload_to("large.jpg", large_jpeg, "Grain, up close");
    const auto chart = upload_to("chart.png", png, "A test card");
    auto post_with = [&](const json::array& media_ids, bool now) {
        json::object body{{"brand_id", setup.brand_id},
                          {"text", "With pictures"},
                          {"targets", json::array{json::object{{"channel_id", channel}}}},
                          {"media_ids", media_ids}};
        if (now) body["publish_now"] = true;
        return setup.server->call(setup.owner, "POST", "/api/v1/posts", json::serialize(body));
    };

    auto too_many = post_with({large, chart, large, chart, large}, true);
    EXPECT_EQ(too_many.status, 422) << too_many.body;
    EXPECT_EQ(too_many.json().at("error").at("code"), "too_many_images");
    auto foreign = post_with({"media_01NOTOURS"}, false);
    EXPECT_EQ(foreign.json().at("error").at("field"), "media_ids[0]");

    setup.server->app().engine().start();
    auto created = post_with({large, chart}, true);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json().at("media").as_array().size(), 2u);
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(60)));
    const auto post = setup.get_post(std::string(created.json().at("id").as_string()));
    ASSERT_EQ(post.at("targets").at(0).at("status"), "published") << json::serialize(post);

    const auto posts = setup.fake.created();
    ASSERT_EQ(posts.size(), 1u);
    ASSERT_EQ(posts[0].media_ids.size(), 2u);
    const auto media = setup.fake.media();
    ASSERT_EQ(media.size(), 2u);
    EXPECT_EQ(media[0].id, posts[0].media_ids[0]) << "in the post's order";
    EXPECT_EQ(media[0].mime, "image/jpeg");
    EXPECT_LE(media[0].bytes.size(), 1'000'000u) << "fitted to the network's 1 MB";
    EXPECT_LT(media[0].bytes.size(), large_jpeg.size());
    EXPECT_EQ(media[0].alt_text, "Grain, up close");
    EXPECT_EQ(media[1].mime, "image/png");
    EXPECT_TRUE(media[1].bytes == png) << "a file that fits goes as it is";
    EXPECT_EQ(media[1].alt_text, "A test card");
}

INSTANTIATE_TEST_SUITE_P(Stores, MediaApi, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
