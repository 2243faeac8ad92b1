#pragma once
// What a post says, checked: the shapes of the input (sizes, duplicates), each target's
// network options, and the rules engine's verdict on every target — text, thread parts,
// media — before anything may be scheduled. Internal to the publishing module.
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "networks/rules.h"
#include "publishing/posts.h"

namespace chorus::publishing {

// Sizes and duplicates, before anything is looked up.
Result<void> check_input_shapes(const PostInput& input);
// The target's options against its network's (422 naming targets[i].options.<name>).
Result<void> check_target_options(std::size_t index, const std::string& network, const TargetInput& target);

// Which targets a change of "when" moves: explicit requests take failed targets along;
// an implicit reschedule (edits to a scheduled post) does not.
enum class Reach { live_only, everything_editable };
bool reached(const Target& target, Reach reach);

// The rules engine's verdict on every reached target, as it would be published now. The
// first error names the target, the part and the rule.
Result<void> validate_for_publishing(const Post& post, Reach reach);

networks::MediaFacts facts_of(const PostMedia& media);
// A channel's settings (JSON, written when it was connected) as the rules read them.
networks::NetworkSettings network_settings(const std::string& channel_settings);

// The thread a target publishes: its own, else the post's.
const std::vector<std::string>& thread_of(const Post& post, const Target& target);

// Threads are kept as JSON arrays of strings; NULL/empty reads as no thread.
std::string thread_json(const std::vector<std::string>& parts);
std::vector<std::string> thread_from(const std::optional<std::string>& json_text);

}  // namespace chorus::publishing
