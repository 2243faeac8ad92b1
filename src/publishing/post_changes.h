#pragma once
// What an edit changed in what one channel will publish, in words for the post's history
// ("text", "media", "first comment"): the post's own fields count where the channel uses
// them (a channel with its own text does not change when the post's text does).
#include <string>
#include <vector>

#include "publishing/posts.h"

namespace chorus::publishing {

std::vector<std::string> changes_seen_by(const Post& before, const Target& target_before, const Post& after, const Target& target_after);

// "text and media changed by Ana", "text, media and first comment changed".
std::string describe_changes(const std::vector<std::string>& changes, const std::string& by);

}  // namespace chorus::publishing
