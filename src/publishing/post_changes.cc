#include "publishing/post_changes.h"

namespace chorus::publishing {
namespace {

bool same_media(const std::vector<PostMedia>& a, const std::vector<PostMedia>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].media_id != b[i].media_id || a[i].alt_text != b[i].alt_text) return false;
    return true;
}

// What the channel publishes: its own value where it has one, else the post's.
template <typename T>
const T& effective(const std::optional<T>& own, const T& post) {
    return own ? *own : post;
}

}  // namespace

std::vector<std::string> changes_seen_by(const Post& before, const Target& target_before, const Post& after, const Target& target_after) {
    std::vector<std::string> changes;
    if (effective(target_before.text, before.text) != effective(target_after.text, after.text)) changes.push_back("text");
    if (effective(target_before.thread, before.thread) != effective(target_after.thread, after.thread)) changes.push_back("thread");
    if (effective(target_before.title, before.title.value_or("")) != effective(target_after.title, after.title.value_or("")))
        changes.push_back("title");
    if (effective(target_before.link, before.link.value_or("")) != effective(target_after.link, after.link.value_or("")))
        changes.push_back("link");
    if (!same_media(effective(target_before.media, before.media), effective(target_after.media, after.media))) changes.push_back("media");
    if (target_before.first_comment != target_after.first_comment) changes.push_back("first comment");
    if (target_before.options != target_after.options) changes.push_back("options");
    return changes;
}

std::string describe_changes(const std::vector<std::string>& changes, const std::string& by) {
    std::string text;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        if (i > 0) text += i + 1 == changes.size() ? " and " : ", ";
        text += changes[i];
    }
    text += " changed";
    if (!by.empty()) text += " by " + by;
    return text;
}

}  // namespace chorus::publishing
