#pragma once
// What a file is, from its first bytes — never from its name or the type a browser claims.
#include <optional>
#include <string>
#include <string_view>

namespace chorus::media {

enum class MediaKind { image, gif, video };
std::string_view to_string(MediaKind kind);

struct Sniffed {
    MediaKind kind = MediaKind::image;
    std::string mime;       // "image/jpeg", "video/mp4", …
    std::string extension;  // "jpg", "mp4", …
};

// JPEG, PNG, WebP, GIF, MP4/MOV (ISO BMFF) and WebM; nullopt for anything else.
std::optional<Sniffed> sniff(std::string_view bytes);

}  // namespace chorus::media
