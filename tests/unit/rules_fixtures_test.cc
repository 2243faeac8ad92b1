// Counting checked against the networks' reference implementations (tests/reference/):
// twitter-text for X, Intl.Segmenter and UTF-8 byte lengths for Bluesky.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include "networks/rules.h"

namespace chorus::networks {
namespace {

boost::json::array fixture_cases(const std::string& file) {
    std::ifstream in(std::string(CHORUS_FIXTURES_DIR) + "/rules/" + file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return boost::json::parse(buffer.str()).at("cases").as_array();
}

bool has_error(const Check& check, const std::string& code) {
    for (const auto& problem : check.problems)
        if (problem.code == code && problem.severity == Severity::error) return true;
    return false;
}

TEST(XFixtures, LengthAndValidityMatchTwitterText) {
    const auto cases = fixture_cases("x.json");
    ASSERT_GE(cases.size(), 300u);
    for (const auto& item : cases) {
        const std::string name(item.at("name").as_string());
        Draft draft;
        draft.text = std::string(item.at("text").as_string());
        auto check = check_draft(*rules_for("x"), draft);
        EXPECT_EQ(check.length, static_cast<std::size_t>(item.at("length").to_number<double>())) << name;
        EXPECT_EQ(check.valid, item.at("valid").as_bool()) << name;
    }
}

// A draft that meets every rule except, possibly, the text's length: the media, title and
// link each network needs.
Draft complete_draft(const std::string& network, std::string text) {
    Draft draft;
    draft.text = std::move(text);
    MediaFacts media;
    media.alt_text = "a description";
    if (network == "youtube" || network == "tiktok") {
        media.kind = MediaFacts::Kind::video;
        draft.media.push_back(media);
    } else if (network == "instagram" || network == "pinterest") {
        draft.media.push_back(media);
    }
    if (network == "youtube") draft.title = "A title";
    if (network == "pinterest") draft.link = "https://example.com/recipe";
    return draft;
}

std::string from_hex(std::string_view hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 3) bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return bytes;
}

class LengthFixtures : public ::testing::TestWithParam<std::string> {};

TEST_P(LengthFixtures, LengthInTheNetworksUnitMatchesTheReference) {
    const std::string network = GetParam();
    std::ifstream in(std::string(CHORUS_FIXTURES_DIR) + "/rules/" + network + "_lengths.json");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const auto fixture = boost::json::parse(buffer.str()).as_object();
    const auto limit = static_cast<std::size_t>(fixture.at("limit").to_number<double>());
    const auto& cases = fixture.at("cases").as_array();
    ASSERT_GE(cases.size(), 300u);
    bool saw_at_limit = false, saw_over_limit = false;
    std::size_t invalid_cases = 0;
    for (const auto& item : cases) {
        const std::string name(item.at("name").as_string());
        if (item.as_object().contains("bytes_hex")) {
            auto check = check_draft(*rules_for(network), complete_draft(network, from_hex(item.at("bytes_hex").as_string())));
            EXPECT_FALSE(check.valid) << network << ": " << name;
            ASSERT_EQ(check.problems.size(), 1u) << network << ": " << name;
            EXPECT_EQ(check.problems[0].code, "invalid_utf8") << network << ": " << name;
            ++invalid_cases;
            continue;
        }
        const auto length = static_cast<std::size_t>(item.at("length").to_number<double>());
        const auto bytes = static_cast<std::size_t>(item.at("bytes").to_number<double>());
        auto check = check_draft(*rules_for(network), complete_draft(network, std::string(item.at("text").as_string())));
        EXPECT_EQ(check.length, length) << network << ": " << name << " " << item.at("text");
        EXPECT_EQ(check.limit, limit);
        EXPECT_EQ(has_error(check, "too_long"), length > limit) << network << ": " << name;
        if (network == "bluesky") {
            EXPECT_EQ(has_error(check, "too_many_bytes"), bytes > 3000) << name;
        }
        saw_at_limit |= length == limit;
        saw_over_limit |= length == limit + 1 || (length > limit && name == "one over the limit");
    }
    EXPECT_TRUE(saw_at_limit && saw_over_limit) << "the edge cases are part of every fixture";
    EXPECT_GE(invalid_cases, 5u);
}

INSTANTIATE_TEST_SUITE_P(Networks, LengthFixtures,
                         ::testing::Values("bluesky", "mastodon", "linkedin", "instagram", "facebook", "pinterest",
                                           "youtube", "tiktok", "threads"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace chorus::networks
