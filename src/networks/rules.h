#pragma once
// What each network accepts, checked before anything is sent. One interface, one module per
// network (src/networks/<name>/rules.cc); the composer, the API and the publisher all ask
// through check(), so "valid here" means "accepted there".
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::networks {

// A span of the text in UTF-16 code units — the indices a browser editor uses to underline.
struct TextRange {
    std::size_t start = 0;
    std::size_t end = 0;
};

enum class Severity { error, warning };

struct Problem {
    std::string code;      // stable, snake_case: "too_long", "invalid_utf8", …
    std::string message;   // a sentence for the user
    Severity severity = Severity::error;
    std::optional<TextRange> range;
};

// A rich-text annotation as Bluesky's app.bsky.richtext.facet wants it: UTF-8 byte offsets.
struct Facet {
    std::string kind;   // "link", "mention", "tag"
    std::size_t byte_start = 0;
    std::size_t byte_end = 0;
    std::string value;  // the URI, the handle (resolved to a DID when publishing) or the tag
};

struct MediaFacts {
    enum class Kind { image, video, gif };
    Kind kind = Kind::image;
    std::optional<std::size_t> size_bytes;
    std::optional<int> width;
    std::optional<int> height;
    std::optional<double> duration_seconds;
    std::string alt_text;
    std::string focus;  // "x,y" in -1…1, "" when none (Mastodon's focal point)
};

struct Draft {
    std::string text;                 // the post text (a caption or description where the network calls it so)
    std::vector<MediaFacts> media;
    std::optional<std::string> title;  // YouTube and Pinterest
    std::optional<std::string> link;   // Pinterest destination link
};

// What is known about a particular account's server (Mastodon instances differ).
struct NetworkSettings {
    std::optional<std::size_t> mastodon_max_characters;
    std::size_t mastodon_characters_per_url = 23;
    std::optional<std::size_t> mastodon_max_media;           // attachments per status
    std::optional<std::size_t> mastodon_max_image_bytes;
    std::optional<std::size_t> mastodon_max_video_bytes;
};

struct Check {
    std::string network;
    std::size_t length = 0;   // in the network's own unit
    std::size_t limit = 0;
    std::string unit;         // "weighted characters", "graphemes", "characters", "UTF-16 code units", "bytes"
    bool valid = true;
    std::vector<Problem> problems;
    std::optional<std::vector<Facet>> facets;  // only for networks that have them
};

// What a network accepts as attachments. Renditions are made to fit these.
struct MediaLimits {
    std::size_t max_images = 0;      // 0: images not allowed
    std::size_t max_videos = 0;
    bool images_and_video_mix = false;
    bool media_required = false;
    bool video_required = false;
    bool image_required = false;
    std::optional<std::size_t> max_image_bytes;
    std::optional<std::size_t> max_video_bytes;
    std::optional<double> max_video_seconds;
    std::optional<int> max_image_pixels_per_side;
    // The image types the network takes (Instagram: JPEG; Pinterest: JPEG and PNG); others
    // are converted, and GIFs refused. Empty: any.
    std::vector<std::string> image_types = {};
    bool alt_text_recommended = true;
};

class ScannedText;

class NetworkRules {
public:
    virtual ~NetworkRules() = default;
    virtual std::string_view name() const = 0;
    // `text` is the draft's text, already known to be valid UTF-8.
    virtual Check check(const Draft& draft, const ScannedText& text, const NetworkSettings& settings) const = 0;
    virtual MediaLimits media_limits() const = 0;
};

// nullptr for an unknown network name.
const NetworkRules* rules_for(std::string_view network);
std::vector<std::string_view> network_names();

// Checks the draft for one network, handling what is common to all: invalid UTF-8 is one
// clear problem, never a crash.
Check check_draft(const NetworkRules& rules, const Draft& draft, const NetworkSettings& settings = {});

// Checks a comment the account makes under its own post (a first comment where it is a
// comment, not a reply: options.h FirstComment) against the network's comment length, in
// characters (code points). LinkedIn's and YouTube's limits are their apps' documented ones;
// Meta documents none for the API, and these are its apps' (docs/NETWORKS.md).
Check check_comment(std::string_view network, const std::string& text);

}  // namespace chorus::networks
