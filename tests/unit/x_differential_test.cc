// X's length and validity agree with twitter-text, X's own reference implementation, on
// thousands of generated strings (tests/reference/generate_x_cases.js, run by scripts/test).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "networks/rules.h"
#include "reference_input.h"

namespace chorus::networks {
namespace {

TEST(XDifferential, AgreesWithTwitterTextOnEveryGeneratedString) {
    CHORUS_REFERENCE_INPUT(path, "CHORUS_X_REFERENCE_CASES");
    testing::expect_agreement_on_every_case(path, [](const boost::json::object& expected) -> std::optional<std::string> {
        Draft draft;
        draft.text = std::string(expected.at("text").as_string());
        const auto check = check_draft(*rules_for("x"), draft);
        const auto length = static_cast<std::size_t>(expected.at("length").to_number<double>());
        const bool valid = expected.at("valid").as_bool();
        if (check.length == length && check.valid == valid) return std::nullopt;
        return "twitter-text says " + std::to_string(length) + (valid ? " valid" : " invalid") + ", we say " +
               std::to_string(check.length) + (check.valid ? " valid" : " invalid") + " for " +
               boost::json::serialize(expected.at("text"));
    });
}

}  // namespace
}  // namespace chorus::networks
