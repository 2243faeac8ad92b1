#pragma once
// The facts the networks' rules need about a file, read by the libraries that will later
// transform it: libvips for images (decoded in full once, so a truncated file is refused
// now rather than at publishing time), ffprobe for video. A file that is not what it claims,
// is cut short, or would decode to more pixels than any network accepts (a decompression
// bomb) is a clear 422, never a crash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "media/sniff.h"

namespace chorus::media {

struct MediaInfo {
    Sniffed type;
    std::int64_t size_bytes = 0;
    int width = 0;
    int height = 0;
    int frames = 1;                         // GIF/WebP animation frames
    std::optional<double> duration_seconds;  // video
    std::string video_codec;
    bool has_location = false;              // EXIF GPS tags: stripped from every rendition
};

struct ProbeLimits {
    std::int64_t max_pixels = 150'000'000;  // per frame × frames; far above any network's limit
    double max_video_seconds = 4 * 3600;
};

// Readies libvips once per process (thread-safe).
void initialise_vips();

// Held while an image is decoded: at most `concurrent_decodes` at once in the process. Even
// streamed, a decode holds tens of megabytes (libvips' tiles and codec buffers), and uploads
// and renditions come in bursts; the others wait their turn rather than add up.
class DecodeTurn {
public:
    DecodeTurn();
    ~DecodeTurn();
    DecodeTurn(const DecodeTurn&) = delete;
    DecodeTurn& operator=(const DecodeTurn&) = delete;
    static constexpr int concurrent_decodes = 2;
};

// Width and height from an image's header alone (no decoding): for files Chorus made itself.
std::optional<std::pair<int, int>> image_size(std::string_view bytes);

// `path` is the file as uploaded; it is read as a stream, never whole into memory.
Result<MediaInfo> probe_image(const std::string& path, const Sniffed& type, std::int64_t size_bytes, const ProbeLimits& limits = {});
// `path` is the stored file; ffprobe reads it.
Result<MediaInfo> probe_video(const std::string& path, const Sniffed& type, std::int64_t size_bytes, const ProbeLimits& limits = {});

}  // namespace chorus::media
