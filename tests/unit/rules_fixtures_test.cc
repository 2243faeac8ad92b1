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
    ASSERT_GE(cases.size(), 40u);
    for (const auto& item : cases) {
        const std::string name(item.at("name").as_string());
        Draft draft;
        draft.text = std::string(item.at("text").as_string());
        auto check = check_draft(*rules_for("x"), draft);
        EXPECT_EQ(check.length, static_cast<std::size_t>(item.at("length").to_number<double>())) << name;
        EXPECT_EQ(check.valid, item.at("valid").as_bool()) << name;
    }
}

TEST(BlueskyFixtures, GraphemesAndBytesMatchTheReference) {
    for (const auto& item : fixture_cases("bluesky_lengths.json")) {
        const std::string name(item.at("name").as_string());
        Draft draft;
        draft.text = std::string(item.at("text").as_string());
        auto check = check_draft(*rules_for("bluesky"), draft);
        const auto graphemes = static_cast<std::size_t>(item.at("graphemes").to_number<std::int64_t>());
        const auto bytes = static_cast<std::size_t>(item.at("bytes").to_number<std::int64_t>());
        EXPECT_EQ(check.length, graphemes) << name;
        EXPECT_EQ(has_error(check, "too_long"), graphemes > 300) << name;
        EXPECT_EQ(has_error(check, "too_many_bytes"), bytes > 3000) << name;
    }
}

}  // namespace
}  // namespace chorus::networks
