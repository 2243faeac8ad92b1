// YouTube: a video with a title of at most 100 characters and a description of at most
// 5,000 UTF-8 bytes; neither may contain < or >.
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

class YouTubeRules final : public NetworkRules {
public:
    std::string_view name() const override { return "youtube"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.video_required = true;
        media.max_videos = 1;
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        apply_length_limit(check, text, text.byte_length(), 5000, "bytes", [&](std::size_t i) { return text.byte_offset(i + 1); });
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text.at(i) == '<' || text.at(i) == '>')
                add_error(check, "angle_bracket", "YouTube does not allow < or > in descriptions.", utf16_range(text, {i, i + 1}));
        if (!draft.title || draft.title->empty()) {
            add_error(check, "title_required", "A YouTube video needs a title.");
        } else {
            ScannedText title(*draft.title);
            if (title.size() > 100) add_error(check, "title_too_long", "A YouTube title has at most 100 characters.");
            if (draft.title->find_first_of("<>") != std::string::npos)
                add_error(check, "angle_bracket_in_title", "YouTube does not allow < or > in titles.");
        }
        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& youtube_rules() {
    static const YouTubeRules rules;
    return rules;
}

}  // namespace chorus::networks
