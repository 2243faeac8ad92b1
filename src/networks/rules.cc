#include "networks/rules.h"

#include <array>

#include "core/utf8.h"
#include "networks/rule_helpers.h"

namespace chorus::networks {

// One line per network: adding a network is a folder and a line here.
const NetworkRules& bluesky_rules();
const NetworkRules& facebook_rules();
const NetworkRules& instagram_rules();
const NetworkRules& linkedin_rules();
const NetworkRules& mastodon_rules();
const NetworkRules& pinterest_rules();
const NetworkRules& threads_rules();
const NetworkRules& tiktok_rules();
const NetworkRules& x_rules();
const NetworkRules& youtube_rules();
const NetworkRules& testnet_rules();

namespace {
const std::array<const NetworkRules*, 10>& all_rules() {
    static const std::array<const NetworkRules*, 10> all{&bluesky_rules(),  &facebook_rules(), &instagram_rules(),
                                                        &linkedin_rules(), &mastodon_rules(), &pinterest_rules(),
                                                        &threads_rules(),  &tiktok_rules(),   &x_rules(),
                                                        &youtube_rules()};
    return all;
}
}  // namespace

const NetworkRules* rules_for(std::string_view network) {
    for (const auto* rules : all_rules())
        if (rules->name() == network) return rules;
    // Not a real network, so not listed by network_names(); channels of it exist only
    // where the operator configured the test network.
    if (network == "testnet") return &testnet_rules();
    return nullptr;
}

std::vector<std::string_view> network_names() {
    std::vector<std::string_view> names;
    for (const auto* rules : all_rules()) names.push_back(rules->name());
    return names;
}

Check check_draft(const NetworkRules& rules, const Draft& draft, const NetworkSettings& settings) {
    if (auto bad = first_invalid_utf8_byte(draft.text)) {
        Check check = new_check(rules);
        add_error(check, "invalid_utf8", "The text is not valid UTF-8 (first bad byte at offset " + std::to_string(*bad) + ").");
        return check;
    }
    for (const auto& text : {draft.title, draft.link})
        if (text && first_invalid_utf8_byte(*text)) {
            Check check = new_check(rules);
            add_error(check, "invalid_utf8", "The title or link is not valid UTF-8.");
            return check;
        }
    return rules.check(draft, ScannedText(draft.text), settings);
}

Check check_comment(std::string_view network, const std::string& text) {
    Check check;
    check.network = std::string(network);
    if (auto bad = first_invalid_utf8_byte(text)) {
        add_error(check, "invalid_utf8", "The comment is not valid UTF-8 (first bad byte at offset " + std::to_string(*bad) + ").");
        return check;
    }
    const std::size_t limit = network == "linkedin"    ? 1'250
                              : network == "instagram" ? 2'200
                              : network == "facebook"  ? 8'000
                              : network == "youtube"   ? 10'000
                                                       : 5'000;
    limit_code_points(check, ScannedText(text), limit);
    return check;
}

}  // namespace chorus::networks
