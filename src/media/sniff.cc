#include "media/sniff.h"

namespace chorus::media {

std::string_view to_string(MediaKind kind) {
    switch (kind) {
        case MediaKind::image: return "image";
        case MediaKind::gif: return "gif";
        case MediaKind::video: return "video";
    }
    return "image";
}

std::optional<Sniffed> sniff(std::string_view bytes) {
    auto starts = [&](std::string_view magic, std::size_t at = 0) { return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic; };
    if (starts("\xFF\xD8\xFF")) return Sniffed{MediaKind::image, "image/jpeg", "jpg"};
    if (starts("\x89PNG\r\n\x1A\n")) return Sniffed{MediaKind::image, "image/png", "png"};
    if (starts("RIFF") && starts("WEBP", 8)) return Sniffed{MediaKind::image, "image/webp", "webp"};
    if (starts("GIF87a") || starts("GIF89a")) return Sniffed{MediaKind::gif, "image/gif", "gif"};
    if (starts("ftyp", 4)) {
        // ISO base media: the major brand says QuickTime or MP4 family.
        if (starts("qt  ", 8)) return Sniffed{MediaKind::video, "video/quicktime", "mov"};
        return Sniffed{MediaKind::video, "video/mp4", "mp4"};
    }
    if (starts("\x1A\x45\xDF\xA3")) return Sniffed{MediaKind::video, "video/webm", "webm"};
    return std::nullopt;
}

}  // namespace chorus::media
