#pragma once
// Renditions: the version of an image a network will accept. The original is used when it
// already fits and carries no location; otherwise libvips makes one — turned upright,
// scaled down to the network's largest side, re-encoded until it fits its byte limit, with
// every metadata block (EXIF location included) left out.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "media/probe.h"
#include "networks/rules.h"

namespace chorus::media {

struct Rendition {
    std::string bytes;
    std::string mime;
    int width = 0;
    int height = 0;
    bool is_original = false;
};

// The rendition of an image or GIF for a network's limits. A GIF is never re-encoded (that
// would stop its animation): it is used as it is or refused with the reason.
// `original_path` is read as a stream (JPEG and WebP shrink while loading), never whole.
Result<Rendition> image_rendition(const std::string& original_path, const MediaInfo& info, const networks::MediaLimits& limits);

}  // namespace chorus::media
