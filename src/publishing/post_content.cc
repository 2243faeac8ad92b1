#include "publishing/post_content.h"

#include <boost/json.hpp>

#include <set>

#include "networks/options.h"

namespace chorus::publishing {
namespace {

namespace json = boost::json;

constexpr std::size_t max_text_bytes = 100'000;
constexpr std::size_t max_targets = 50;
constexpr std::size_t max_thread_parts = 24;  // 25 posts in all
constexpr std::size_t max_options_bytes = 10'000;

Result<void> first_error(const networks::Check& check, const std::string& field, const std::string& network) {
    for (const auto& problem : check.problems)
        if (problem.severity == networks::Severity::error) return Error::invalid(field, problem.code, network + ": " + problem.message);
    return {};
}

Result<void> check_text_field(std::string_view field, const std::optional<std::string>& text) {
    if (text && text->size() > max_text_bytes)
        return Error::invalid(std::string(field), "too_large", std::string(field) + " is longer than any network accepts");
    return {};
}

Result<void> check_thread_shape(const std::string& field, const std::vector<std::string>& parts) {
    if (parts.size() > max_thread_parts)
        return Error::invalid(field, "too_many", "A thread can have at most " + std::to_string(max_thread_parts + 1) + " parts");
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto part_field = field + "[" + std::to_string(i) + "]";
        TRY(check_text_field(part_field, parts[i]));
        if (parts[i].empty()) return Error::invalid(part_field, "empty", "A part of a thread needs text");
    }
    return {};
}

}  // namespace

networks::NetworkSettings network_settings(const std::string& channel_settings) {
    networks::NetworkSettings settings;
    boost::system::error_code error;
    auto parsed = json::parse(channel_settings, error);
    if (error || !parsed.is_object()) return settings;
    const auto& object = parsed.get_object();
    auto number = [&](const char* name) -> std::optional<std::size_t> {
        const auto* value = object.if_contains(name);
        if (value && value->is_int64() && value->get_int64() > 0) return static_cast<std::size_t>(value->get_int64());
        return std::nullopt;
    };
    settings.mastodon_max_characters = number("max_characters");
    if (auto per_url = number("characters_reserved_per_url")) settings.mastodon_characters_per_url = *per_url;
    settings.mastodon_max_media = number("max_media_attachments");
    settings.mastodon_max_image_bytes = number("image_size_limit");
    settings.mastodon_max_video_bytes = number("video_size_limit");
    return settings;
}

Result<void> check_input_shapes(const PostInput& input) {
    TRY(check_text_field("text", input.text));
    if (input.thread) TRY(check_thread_shape("thread", *input.thread));
    if (input.title && *input.title) TRY(check_text_field("title", **input.title));
    if (input.link && *input.link) TRY(check_text_field("link", **input.link));
    if (input.targets) {
        if (input.targets->empty()) return Error::invalid("targets", "required", "A post needs at least one channel");
        if (input.targets->size() > max_targets)
            return Error::invalid("targets", "too_many", "A post can go to at most " + std::to_string(max_targets) + " channels");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < input.targets->size(); ++i) {
            const auto& target = (*input.targets)[i];
            const std::string prefix = "targets[" + std::to_string(i) + "].";
            if (target.channel_id.empty()) return Error::invalid(prefix + "channel_id", "required", "channel_id is required");
            if (!seen.insert(target.channel_id).second)
                return Error::invalid(prefix + "channel_id", "duplicate", "Each channel can appear only once in a post");
            TRY(check_text_field(prefix + "text", target.text));
            TRY(check_text_field(prefix + "first_comment", target.first_comment));
            TRY(check_text_field(prefix + "title", target.title));
            TRY(check_text_field(prefix + "link", target.link));
            if (target.thread) TRY(check_thread_shape(prefix + "thread", *target.thread));
            if (target.media)
                for (std::size_t j = 0; j < target.media->size(); ++j)
                    TRY(check_text_field(prefix + "media[" + std::to_string(j) + "].alt_text", (*target.media)[j].alt_text));
            if (target.options && target.options->size() > max_options_bytes)
                return Error::invalid(prefix + "options", "too_large", "options are larger than any network's");
        }
    }
    return {};
}

Result<void> check_target_options(std::size_t index, const std::string& network, const TargetInput& target) {
    if (!target.options) return {};
    const std::string field = "targets[" + std::to_string(index) + "].options";
    boost::system::error_code error;
    auto parsed = json::parse(*target.options, error);
    if (error || !parsed.is_object()) return Error::invalid(field, "not_an_object", "options must be a JSON object");
    if (auto problem = networks::check_options(network, parsed.get_object()))
        return Error::invalid(field + "." + problem->option, problem->code, network + ": " + problem->message);
    return {};
}

networks::MediaFacts facts_of(const PostMedia& media) {
    networks::MediaFacts facts;
    facts.kind = media.kind == "video" ? networks::MediaFacts::Kind::video
                 : media.kind == "gif" ? networks::MediaFacts::Kind::gif
                                       : networks::MediaFacts::Kind::image;
    facts.width = media.width;
    facts.height = media.height;
    if (media.duration_ms) facts.duration_seconds = static_cast<double>(*media.duration_ms) / 1000.0;
    facts.alt_text = media.alt_text;
    // Images are fitted to each network's byte limit when published; only a video's
    // size is final.
    if (media.kind == "video") facts.size_bytes = static_cast<std::size_t>(media.size_bytes);
    return facts;
}

bool reached(const Target& target, Reach reach) {
    if (reach == Reach::live_only) return target.status == "draft" || target.status == "scheduled";
    // A cancelled channel stays cancelled until someone retries it explicitly.
    return target.status == "draft" || target.status == "scheduled" || target.status == "failed";
}

Result<void> validate_for_publishing(const Post& post, Reach reach) {
    std::vector<networks::MediaFacts> media;
    for (const auto& item : post.media) media.push_back(facts_of(item));
    for (std::size_t i = 0; i < post.targets.size(); ++i) {
        const auto& target = post.targets[i];
        if (!reached(target, reach)) continue;
        const auto* rules = networks::rules_for(target.network);
        if (!rules) continue;  // a network without rules has nothing to refuse
        networks::Draft draft;
        draft.text = target.text.value_or(post.text);
        draft.title = target.title ? target.title : post.title;
        draft.link = target.link ? target.link : post.link;
        draft.media = media;
        if (target.media) {
            draft.media.clear();
            for (const auto& item : *target.media) draft.media.push_back(facts_of(item));
        }
        const std::string prefix = "targets[" + std::to_string(i) + "].";
        const auto settings = network_settings(target.channel_settings);
        TRY(first_error(networks::check_draft(*rules, draft, settings), prefix + "text", target.network));
        boost::system::error_code unreadable;  // stored options were checked when written
        auto parsed_options = json::parse(target.options, unreadable);
        const auto& options = parsed_options.is_object() ? parsed_options.get_object() : json::object();
        if (auto missing = networks::missing_options(target.network, options))
            return Error::invalid(prefix + "options." + missing->option, missing->code, target.network + ": " + missing->message);
        // Thread parts and the first comment are replies: text alone, by the network's rules.
        const auto check_reply = [&](const std::string& text, const std::string& field) {
            networks::Draft reply;
            reply.text = text;
            return first_error(networks::check_draft(*rules, reply, settings), field, target.network);
        };
        const auto& thread = thread_of(post, target);
        if (!thread.empty() && !networks::supports_threads(target.network))
            return Error::invalid(prefix + "thread", "thread_unsupported", target.network + " has no threads: publish the parts as separate posts");
        for (std::size_t j = 0; j < thread.size(); ++j) TRY(check_reply(thread[j], prefix + "thread[" + std::to_string(j) + "]"));
        if (target.first_comment && !target.first_comment->empty()) {
            if (auto refusal = networks::first_comment_refusal(target.network, options))
                return Error::invalid(prefix + "first_comment", "first_comment_unsupported", *refusal);
            if (networks::first_comment_style(target.network) == networks::FirstComment::reply)
                TRY(check_reply(*target.first_comment, prefix + "first_comment"));
            else
                TRY(first_error(networks::check_comment(target.network, *target.first_comment), prefix + "first_comment", target.network));
        }
    }
    return {};
}

const std::vector<std::string>& thread_of(const Post& post, const Target& target) {
    return target.thread ? *target.thread : post.thread;
}

std::string thread_json(const std::vector<std::string>& parts) {
    json::array array;
    for (const auto& part : parts) array.push_back(json::value(part));
    return json::serialize(array);
}

std::vector<std::string> thread_from(const std::optional<std::string>& json_text) {
    std::vector<std::string> parts;
    if (!json_text) return parts;
    boost::system::error_code error;
    auto parsed = json::parse(*json_text, error);
    if (error || !parsed.is_array()) return parts;
    for (const auto& part : parsed.get_array())
        if (part.is_string()) parts.emplace_back(part.get_string());
    return parts;
}

}  // namespace chorus::publishing
