// Bluesky's facets agree with @atproto/api's detectFacets, the code the Bluesky app runs, on
// thousands of generated strings (tests/reference/generate_bluesky_cases.mjs, run by
// scripts/test): kind, UTF-8 byte range and value of every link, mention, tag and cashtag.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>

#include "networks/bluesky/facets.h"

namespace chorus::networks {
namespace {

std::string describe(const std::vector<Facet>& facets) {
    std::string out;
    for (const auto& f : facets)
        out += f.kind + " [" + std::to_string(f.byte_start) + "," + std::to_string(f.byte_end) + ") " + f.value + "; ";
    return out.empty() ? "none" : out;
}

TEST(BlueskyDifferential, FacetsAgreeWithTheBlueskyAppOnEveryGeneratedString) {
    const char* path = std::getenv("CHORUS_BLUESKY_REFERENCE_CASES");
    if (!path || !*path) {
        const char* required = std::getenv("CHORUS_REQUIRE_REFERENCE");
        if (required && std::string(required) == "1") FAIL() << "CHORUS_BLUESKY_REFERENCE_CASES is not set";
        GTEST_SKIP() << "set CHORUS_BLUESKY_REFERENCE_CASES (scripts/test does)";
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::string line;
    std::size_t cases = 0, disagreements = 0;
    while (std::getline(in, line)) {
        const auto expected = boost::json::parse(line).as_object();
        std::vector<Facet> reference;
        for (const auto& f : expected.at("facets").as_array())
            reference.push_back({std::string(f.at("kind").as_string()),
                                 static_cast<std::size_t>(f.at("start").to_number<double>()),
                                 static_cast<std::size_t>(f.at("end").to_number<double>()), std::string(f.at("value").as_string())});
        const auto found = bluesky::detect_rich_text(ScannedText(std::string(expected.at("text").as_string()))).facets;
        ++cases;
        const bool same = found.size() == reference.size() &&
                          std::equal(found.begin(), found.end(), reference.begin(), [](const Facet& a, const Facet& b) {
                              return a.kind == b.kind && a.byte_start == b.byte_start && a.byte_end == b.byte_end && a.value == b.value;
                          });
        if (!same) {
            ++disagreements;
            ADD_FAILURE() << "for " << boost::json::serialize(expected.at("text")) << "\n  the app: " << describe(reference)
                          << "\n  Chorus:  " << describe(found);
            if (disagreements >= 20) break;
        }
    }
    EXPECT_GE(cases, 1000u);
    EXPECT_EQ(disagreements, 0u);
}

}  // namespace
}  // namespace chorus::networks
