#pragma once
// What a test compares with a network's own library needs from the environment scripts/test
// sets (a file of cases, the Node that runs a reference): without it the test is skipped,
// unless CHORUS_REQUIRE_REFERENCE=1 says it must run.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

// Declares `const char* name` from the environment variable, or ends the test.
#define CHORUS_REFERENCE_INPUT(name, variable)                                                  \
    const char* name = std::getenv(variable);                                                  \
    if (!name || !*name) {                                                                     \
        const char* required = std::getenv("CHORUS_REQUIRE_REFERENCE");                        \
        if (required && std::string(required) == "1") FAIL() << variable << " is not set";     \
        GTEST_SKIP() << "set " << variable << " (scripts/test does)";                          \
    }

namespace chorus::testing {

// Runs `disagreement` on every JSON line of a reference's cases: it returns what Chorus says
// differently, or nothing. The first 20 disagreements are reported; there must be none, over
// at least 1,000 cases.
template <typename Compare>
void expect_agreement_on_every_case(const char* path, Compare disagreement) {
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::string line;
    std::size_t cases = 0, disagreements = 0;
    while (std::getline(in, line)) {
        ++cases;
        const std::optional<std::string> different = disagreement(boost::json::parse(line).as_object());
        if (!different) continue;
        ADD_FAILURE() << *different;
        if (++disagreements >= 20) break;
    }
    EXPECT_GE(cases, 1000u);
    EXPECT_EQ(disagreements, 0u);
}

}  // namespace chorus::testing
