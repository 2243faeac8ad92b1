#include "networks/rule_helpers.h"

namespace chorus::networks {

TextRange utf16_range(const ScannedText& text, Span span) {
    return {text.utf16_offset(span.begin), text.utf16_offset(span.end)};
}

Check new_check(const NetworkRules& rules) {
    Check check;
    check.network = std::string(rules.name());
    return check;
}

void require_text_or_media(Check& check, const ScannedText& text, const Draft& draft, std::string_view network_title) {
    if (text.size() == 0 && draft.media.empty())
        add_error(check, "empty", "A " + std::string(network_title) + " post needs text or media.");
}

void add_error(Check& check, std::string code, std::string message, std::optional<TextRange> range) {
    check.problems.push_back({std::move(code), std::move(message), Severity::error, range});
    check.valid = false;
}

void add_warning(Check& check, std::string code, std::string message, std::optional<TextRange> range) {
    check.problems.push_back({std::move(code), std::move(message), Severity::warning, range});
}

namespace {

// Messages name the network as its users know it ("X allows 280", "LinkedIn takes …").
std::string display_name(std::string_view network) {
    static const std::pair<std::string_view, std::string_view> names[] = {
        {"x", "X"},           {"bluesky", "Bluesky"},     {"mastodon", "Mastodon"}, {"facebook", "Facebook"},
        {"instagram", "Instagram"}, {"threads", "Threads"}, {"linkedin", "LinkedIn"}, {"youtube", "YouTube"},
        {"pinterest", "Pinterest"}, {"tiktok", "TikTok"}};
    for (const auto& [id, name] : names)
        if (id == network) return std::string(name);
    return std::string(network);
}

}  // namespace

void apply_length_limit(Check& check, const ScannedText& text, std::size_t length, std::size_t limit, std::string unit,
                        const std::function<std::size_t(std::size_t)>& length_through) {
    check.length = length;
    check.limit = limit;
    check.unit = std::move(unit);
    if (length <= limit) return;
    // Lengths only grow along the text, so the first code point past the limit is found by
    // bisection: cheap even for long texts checked on every keystroke.
    std::size_t low = 0, high = text.size();
    while (low < high) {
        std::size_t middle = (low + high) / 2;
        if (length_through(middle) > limit) high = middle;
        else low = middle + 1;
    }
    // The unit stays exact in the check (the API's "graphemes", "UTF-16 code units"); the
    // message says it as a person would.
    const std::string counted = check.unit == "UTF-16 code units"    ? "characters (an emoji counts as two)"
                                : check.unit == "weighted characters" ? "characters as " + display_name(check.network) + " counts them"
                                                                      : "characters";
    add_error(check, "too_long",
              "This is " + std::to_string(length) + " " + counted + "; " + display_name(check.network) + " allows " +
                  std::to_string(limit) + ". Remove " + std::to_string(length - limit) + ".",
              utf16_range(text, {low, text.size()}));
}

void limit_code_points(Check& check, const ScannedText& text, std::size_t limit) {
    apply_length_limit(check, text, text.size(), limit, "characters", [](std::size_t i) { return i + 1; });
}

void limit_utf16(Check& check, const ScannedText& text, std::size_t limit) {
    apply_length_limit(check, text, text.utf16_length(), limit, "UTF-16 code units",
                       [&](std::size_t i) { return text.utf16_offset(i + 1); });
}

void check_media(Check& check, const Draft& draft, const MediaLimits& limits) {
    std::size_t images = 0, videos = 0;
    for (const auto& media : draft.media) (media.kind == MediaFacts::Kind::image ? images : videos)++;
    const std::string network = display_name(check.network);
    if (limits.media_required && draft.media.empty())
        add_error(check, "media_required", network + " posts need at least one image or video.");
    if (limits.video_required && videos == 0) add_error(check, "video_required", network + " posts need a video.");
    if (limits.image_required && images == 0) add_error(check, "image_required", network + " posts need an image.");
    if (images > limits.max_images)
        add_error(check, "too_many_images",
                  limits.max_images == 0 ? network + " does not take images here."
                                         : network + " takes at most " + std::to_string(limits.max_images) + " images; this post has " +
                                               std::to_string(images) + ".");
    if (videos > limits.max_videos)
        add_error(check, "too_many_videos",
                  limits.max_videos == 0 ? network + " does not take videos or GIFs here."
                                         : network + " takes at most " + std::to_string(limits.max_videos) +
                                               " video or GIF per post; this post has " + std::to_string(videos) + ".");
    if (images > 0 && videos > 0 && !limits.images_and_video_mix)
        add_error(check, "mixed_media", network + " cannot mix images with a video or GIF in one post.");
    for (std::size_t i = 0; i < draft.media.size(); ++i) {
        const auto& media = draft.media[i];
        const std::string which = "Attachment " + std::to_string(i + 1);
        const bool is_image = media.kind == MediaFacts::Kind::image;
        auto max_bytes = is_image ? limits.max_image_bytes : limits.max_video_bytes;
        if (max_bytes && media.size_bytes && *media.size_bytes > *max_bytes)
            add_error(check, is_image ? "image_too_large" : "video_too_large",
                      which + " is " + std::to_string(*media.size_bytes) + " bytes; " + network + " takes at most " +
                          std::to_string(*max_bytes) + ". Chorus will try to shrink images when publishing.");
        if (!is_image && limits.max_video_seconds && media.duration_seconds && *media.duration_seconds > *limits.max_video_seconds)
            add_error(check, "video_too_long",
                      which + " lasts " + std::to_string(static_cast<long>(*media.duration_seconds)) + " s; " + network +
                          " takes at most " + std::to_string(static_cast<long>(*limits.max_video_seconds)) + " s.");
        if (is_image && limits.max_image_pixels_per_side && media.width && media.height &&
            std::max(*media.width, *media.height) > *limits.max_image_pixels_per_side)
            add_warning(check, "image_will_be_resized",
                        which + " will be resized to at most " + std::to_string(*limits.max_image_pixels_per_side) +
                            " pixels on its longer side.");
        if (is_image && limits.alt_text_recommended && media.alt_text.empty())
            add_warning(check, "missing_alt_text", which + " has no alt text; people using screen readers will miss it.");
    }
}

void warn_hashtags_over(Check& check, const ScannedText& text, const std::vector<Hashtag>& tags, std::size_t comfortable) {
    if (tags.size() <= comfortable) return;
    add_warning(check, "many_hashtags",
                std::to_string(tags.size()) + " hashtags; posts with more than " + std::to_string(comfortable) +
                    " tend to reach fewer people on " + check.network + ".",
                utf16_range(text, tags[comfortable].span));
}

}  // namespace chorus::networks
