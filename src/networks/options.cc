#include "networks/options.h"

#include <boost/json.hpp>

#include <array>
#include <functional>
#include <algorithm>
#include <cctype>

namespace chorus::networks {
namespace {

namespace json = boost::json;

using Check = std::function<std::optional<std::string>(const json::value&)>;  // the complaint, if any

struct OptionRule {
    std::string_view name;
    Check check;
    // What publishing cannot do without (a pin's board). A draft may lack it; scheduling
    // asks for it (missing_options).
    std::string_view required_because = {};
};

std::optional<std::string> boolean(const json::value& value) {
    if (value.is_bool()) return std::nullopt;
    return "must be true or false";
}

Check one_of(std::vector<std::string_view> allowed) {
    return [allowed](const json::value& value) -> std::optional<std::string> {
        if (value.is_string())
            for (auto candidate : allowed)
                if (value.get_string() == candidate) return std::nullopt;
        std::string list;
        for (auto candidate : allowed) list += (list.empty() ? "" : ", ") + std::string(candidate);
        return "must be one of " + list;
    };
}

Check text(std::size_t max_bytes) {
    return [max_bytes](const json::value& value) -> std::optional<std::string> {
        if (!value.is_string()) return "must be a string";
        if (value.get_string().size() > max_bytes) return "is longer than " + std::to_string(max_bytes) + " bytes";
        return std::nullopt;
    };
}

// BCP 47 in the shape networks accept: a 2–3 letter language, then subtags of 1–8 letters
// or digits ("en", "pt-BR", "zh-Hant-TW").
bool is_language_tag(const json::value& value) {
    if (!value.is_string() || value.get_string().size() > 35) return false;
    std::string_view rest = value.get_string();
    for (bool first = true;; first = false) {
        const auto dash = rest.find('-');
        const auto subtag = rest.substr(0, dash);
        const bool letters_only = std::all_of(subtag.begin(), subtag.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
        const bool alphanumeric = std::all_of(subtag.begin(), subtag.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
        if (first ? (subtag.size() < 2 || subtag.size() > 3 || !letters_only) : (subtag.empty() || subtag.size() > 8 || !alphanumeric))
            return false;
        if (dash == std::string_view::npos) return true;
        rest = rest.substr(dash + 1);
    }
}

std::optional<std::string> language(const json::value& value) {
    if (is_language_tag(value)) return std::nullopt;
    return "must be a language tag such as \"en\" or \"pt-BR\"";
}

std::optional<std::string> bluesky_langs(const json::value& value) {
    const auto* list = value.if_array();
    if (!list || list->empty() || list->size() > 3) return "must be a list of one to three language tags";
    for (const auto& item : *list)
        if (!is_language_tag(item)) return "must hold language tags such as \"en\" or \"pt-BR\"";
    return std::nullopt;
}

std::optional<std::string> bluesky_quote(const json::value& value) {
    if (value.is_string()) {
        std::string_view address = value.get_string();
        if (address.starts_with("at://") || address.starts_with("https://") || address.starts_with("http://")) return std::nullopt;
    }
    return "must be the address of a Bluesky post (at://… or https://bsky.app/profile/…/post/…)";
}

// X's post ids are decimal numbers (64-bit, so sent as strings).
std::optional<std::string> x_post_id(const json::value& value) {
    if (const auto* id = value.if_string(); id && !id->empty() && id->size() <= 20 &&
                                               std::all_of(id->begin(), id->end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return "must be the id of an X post: its digits, as a string";
}

// Meta's media ids are decimal numbers, sent as strings.
std::optional<std::string> threads_post_id(const json::value& value) {
    if (const auto* id = value.if_string(); id && !id->empty() && id->size() <= 24 &&
                                               std::all_of(id->begin(), id->end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return "must be the id of a Threads post: its digits, as a string";
}

// Threads: one topic per post, 1–50 characters, without periods or ampersands.
std::optional<std::string> threads_topic(const json::value& value) {
    const auto* topic = value.if_string();
    if (!topic || topic->empty() || topic->size() > 50 || topic->find('.') != json::string::npos || topic->find('&') != json::string::npos)
        return "must be a topic of 1 to 50 characters, without periods or ampersands";
    return std::nullopt;
}

std::optional<std::string> mastodon_poll(const json::value& value) {
    const auto* poll = value.if_object();
    if (!poll) return "must be an object with options and expires_in";
    const auto* choices = poll->if_contains("options");
    if (!choices || !choices->is_array() || choices->get_array().size() < 2)
        return "needs options: a list of at least two choices";
    for (const auto& choice : choices->get_array())
        if (!choice.is_string() || choice.get_string().empty()) return "options must be non-empty strings";
    const auto* expires = poll->if_contains("expires_in");
    if (!expires || !expires->is_int64() || expires->get_int64() < 300 || expires->get_int64() > 2'629'746)
        return "needs expires_in: seconds from 300 (5 minutes) to 2629746 (a month)";
    for (const auto& [key, item] : *poll) {
        if (key == "options" || key == "expires_in") continue;
        if (key != "multiple" && key != "hide_totals") return "has an unknown field " + std::string(key);
        if (!item.is_bool()) return std::string(key) + " must be true or false";
    }
    return std::nullopt;
}

// Networks not listed here take no options yet; "testnet" takes any (it is the test network).
const std::vector<OptionRule>* rules_of(std::string_view network) {
    static const std::vector<OptionRule> bluesky{{"langs", bluesky_langs}, {"quote", bluesky_quote}, {"link_card", boolean}};
    static const std::vector<OptionRule> mastodon{{"visibility", one_of({"public", "unlisted", "private", "direct"})},
                                                  {"spoiler_text", text(1000)},
                                                  {"sensitive", boolean},
                                                  {"language", language},
                                                  {"poll", mastodon_poll}};
    static const std::vector<OptionRule> youtube{{"privacy", one_of({"public", "unlisted", "private"})}, {"made_for_kids", boolean}};
    static const std::vector<OptionRule> pinterest{{"board_id", text(64), "choose the board the pin goes to"}};
    static const std::vector<OptionRule> linkedin{
        {"visibility", one_of({"public", "connections"})}, {"reshare_disabled", boolean}, {"link_card", boolean}};
    static const std::vector<OptionRule> x{{"reply_settings", one_of({"following", "mentionedUsers", "subscribers", "verified"})},
                                           {"quote_tweet_id", x_post_id}};
    static const std::vector<OptionRule> threads{
        {"reply_control", one_of({"everyone", "accounts_you_follow", "mentioned_only", "parent_post_author_only", "followers_only"})},
        {"topic_tag", threads_topic},
        {"quote_post_id", threads_post_id}};
    // TikTok's guidelines: the creator chooses who can watch each post (no default), and
    // may turn interactions off or disclose commercial content (brand_organic: their own
    // brand; brand_content: a paid partnership).
    static const std::vector<OptionRule> tiktok{
        {"privacy_level", one_of({"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"}),
         "choose who can watch the post (TikTok asks for it with every post)"},
        {"disable_comment", boolean},
        {"disable_duet", boolean},
        {"disable_stitch", boolean},
        {"brand_organic", boolean},
        {"brand_content", boolean},
        {"is_aigc", boolean}};
    static const std::vector<OptionRule> none;
    if (network == "bluesky") return &bluesky;
    if (network == "mastodon") return &mastodon;
    if (network == "youtube") return &youtube;
    if (network == "pinterest") return &pinterest;
    if (network == "linkedin") return &linkedin;
    if (network == "x") return &x;
    if (network == "threads") return &threads;
    if (network == "tiktok") return &tiktok;
    if (network == "testnet") return nullptr;
    return &none;
}

}  // namespace

bool supports_threads(std::string_view network) {
    static constexpr std::array<std::string_view, 5> threaded{"bluesky", "mastodon", "x", "threads", "testnet"};
    return std::find(threaded.begin(), threaded.end(), network) != threaded.end();
}

FirstComment first_comment_style(std::string_view network) {
    static constexpr std::array<std::string_view, 5> commented{"facebook", "instagram", "linkedin", "youtube", "testnet"};
    if (std::find(commented.begin(), commented.end(), network) != commented.end()) return FirstComment::comment;
    return supports_threads(network) ? FirstComment::reply : FirstComment::none;
}

std::optional<std::string> first_comment_refusal(std::string_view network, const json::object& options) {
    if (first_comment_style(network) == FirstComment::none) return std::string(network) + " has no comments through its API";
    if (const auto* for_kids = options.if_contains("made_for_kids"); network == "youtube" && for_kids && for_kids->is_bool() && for_kids->get_bool())
        return "YouTube turns comments off on videos made for kids";
    return std::nullopt;
}

std::optional<OptionProblem> check_options(std::string_view network, const json::object& options) {
    const auto* rules = rules_of(network);
    if (!rules) return std::nullopt;
    for (const auto& [key, value] : options) {
        auto rule = std::find_if(rules->begin(), rules->end(), [&](const OptionRule& r) { return r.name == key; });
        if (rule == rules->end()) {
            std::string known;
            for (const auto& r : *rules) known += (known.empty() ? "" : ", ") + std::string(r.name);
            return OptionProblem{std::string(key), "unknown_option",
                                 std::string(key) + " is not an option on " + std::string(network) +
                                     (known.empty() ? " (it takes none)" : " (options: " + known + ")")};
        }
        if (auto complaint = rule->check(value))
            return OptionProblem{std::string(key), "invalid_option", std::string(key) + " " + *complaint};
    }
    return std::nullopt;
}

std::optional<OptionProblem> missing_options(std::string_view network, const json::object& options) {
    const auto* rules = rules_of(network);
    if (!rules) return std::nullopt;
    for (const auto& rule : *rules)
        if (!rule.required_because.empty() && !options.contains(rule.name))
            return OptionProblem{std::string(rule.name), "required", std::string(rule.required_because)};
    return std::nullopt;
}

}  // namespace chorus::networks
