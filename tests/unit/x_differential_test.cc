// X's length and validity agree with twitter-text, X's own reference implementation, on
// thousands of generated strings (tests/reference/generate_x_cases.js, run by scripts/test).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>

#include "networks/rules.h"

namespace chorus::networks {
namespace {

TEST(XDifferential, AgreesWithTwitterTextOnEveryGeneratedString) {
    const char* path = std::getenv("CHORUS_X_REFERENCE_CASES");
    if (!path || !*path) {
        const char* required = std::getenv("CHORUS_REQUIRE_REFERENCE");
        if (required && std::string(required) == "1") FAIL() << "CHORUS_X_REFERENCE_CASES is not set";
        GTEST_SKIP() << "set CHORUS_X_REFERENCE_CASES (scripts/test does)";
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::string line;
    std::size_t cases = 0, disagreements = 0;
    while (std::getline(in, line)) {
        const auto expected = boost::json::parse(line).as_object();
        Draft draft;
        draft.text = std::string(expected.at("text").as_string());
        const auto check = check_draft(*rules_for("x"), draft);
        const auto length = static_cast<std::size_t>(expected.at("length").to_number<double>());
        const bool valid = expected.at("valid").as_bool();
        ++cases;
        if (check.length != length || check.valid != valid) {
            ++disagreements;
            ADD_FAILURE() << "twitter-text says " << length << (valid ? " valid" : " invalid") << ", we say " << check.length
                          << (check.valid ? " valid" : " invalid") << " for " << boost::json::serialize(expected.at("text"));
            if (disagreements >= 20) break;
        }
    }
    EXPECT_GE(cases, 1000u);
    EXPECT_EQ(disagreements, 0u);
}

}  // namespace
}  // namespace chorus::networks
