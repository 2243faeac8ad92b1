#include "media/renditions.h"

#include "media/files.h"

#include <glib.h>
#include <vips/vips8>

#include <algorithm>
#include <optional>

namespace chorus::media {
namespace {

// Up to this many pixels (4096 × 4096, 50 MB as RGB), a scaled image stays in memory between
// tries and is encoded with optimised coding.
constexpr std::int64_t kept_pixels = 4096 * 4096;

std::string take(VipsBlob* blob) {
    std::size_t size = 0;
    const auto* data = static_cast<const char*>(vips_blob_get(blob, &size));
    std::string bytes(data, size);
    vips_area_unref(VIPS_AREA(blob));
    return bytes;
}

}  // namespace

Result<Rendition> image_rendition(const std::string& original_path, const MediaInfo& info, const networks::MediaLimits& limits) {
    initialise_vips();
    const auto max_bytes = limits.max_image_bytes;
    const int longest = std::max(info.width, info.height);
    const bool too_wide = limits.max_image_pixels_per_side && longest > *limits.max_image_pixels_per_side;
    const bool too_heavy = max_bytes && static_cast<std::uint64_t>(info.size_bytes) > *max_bytes;
    const auto takes = [&](std::string_view mime) {
        return limits.image_types.empty() || std::find(limits.image_types.begin(), limits.image_types.end(), mime) != limits.image_types.end();
    };
    const bool wrong_type = !takes(info.type.mime);
    if (!too_wide && !too_heavy && !wrong_type && !info.has_location) {
        auto original = read_whole_file(original_path);
        if (!original) return Error{ErrorKind::unavailable, "file_missing", "The stored file is missing", {}, {}};
        return Rendition{std::move(*original), info.type.mime, info.width, info.height, true};
    }
    if (info.type.kind == MediaKind::gif && wrong_type)
        return Error::invalid("media", "gif_unsupported", "This network takes no GIFs, and an animation is not flattened: use a video");
    if (info.type.kind == MediaKind::gif)
        return Error::invalid("media", "gif_too_large",
                              "This GIF is larger than the network accepts; an animation is not re-encoded, so use a smaller one");
    try {
        DecodeTurn turn;
        int side = limits.max_image_pixels_per_side ? std::min(longest, *limits.max_image_pixels_per_side) : longest;
        // The original is decoded as a stream from its file and scaled on the way (JPEG and
        // WebP shrink while loading). A stream is read once: an image small enough is kept in
        // memory for the next tries, a larger one is streamed again for each.
        std::optional<vips::VImage> kept;
        const auto scaled_to = [&](int wanted) {
            if (kept) return kept->thumbnail_image(wanted, vips::VImage::option()->set("height", wanted)->set("size", VIPS_SIZE_DOWN));
            auto image = vips::VImage::thumbnail(original_path.c_str(), wanted,
                                                 vips::VImage::option()->set("height", wanted)->set("size", VIPS_SIZE_DOWN));
            if (std::int64_t{image.width()} * image.height() > kept_pixels) return image;
            kept = image.copy_memory();
            return *kept;
        };
        // Lower the quality and, if that is not enough, the size, until the file fits.
        for (int round = 0; round < 12; ++round) {
            for (int quality : {88, 80, 72, 64, 56}) {
                auto image = scaled_to(side);
                const bool keep_png = info.type.mime == "image/png" && image.has_alpha() && takes("image/png");
                if (!keep_png && image.has_alpha())
                    image = image.flatten(vips::VImage::option()->set("background", std::vector<double>{255, 255, 255}));
                // libjpeg's optimised coding holds every coefficient of the image in memory:
                // only for images of a few megapixels.
                const bool optimise = std::int64_t{image.width()} * image.height() <= kept_pixels;
                std::string bytes = keep_png ? take(image.pngsave_buffer(vips::VImage::option()->set("strip", true)->set("compression", 9)))
                                             : take(image.jpegsave_buffer(vips::VImage::option()
                                                                              ->set("strip", true)
                                                                              ->set("Q", quality)
                                                                              ->set("optimize_coding", optimise)));
                if (!max_bytes || bytes.size() <= *max_bytes)
                    return Rendition{std::move(bytes), keep_png ? "image/png" : "image/jpeg", image.width(), image.height(), false};
                if (keep_png) break;  // PNG has no quality to trade: go smaller
            }
            side = std::max(64, side * 4 / 5);
        }
    } catch (const vips::VError& failure) {
        vips_error_clear();
        return Error::invalid("media", "unreadable_image", "The image could not be converted for this network");
    }
    return Error::invalid("media", "cannot_fit", "The image cannot be made small enough for this network");
}

}  // namespace chorus::media
