// Bluesky's facets agree with @atproto/api's detectFacets, the code the Bluesky app runs, on
// thousands of generated strings (tests/reference/generate_bluesky_cases.mjs, run by
// scripts/test): kind, UTF-8 byte range and value of every link, mention, tag and cashtag.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "networks/bluesky/facets.h"
#include "reference_input.h"

namespace chorus::networks {
namespace {

std::string describe(const std::vector<Facet>& facets) {
    std::string out;
    for (const auto& f : facets)
        out += f.kind + " [" + std::to_string(f.byte_start) + "," + std::to_string(f.byte_end) + ") " + f.value + "; ";
    return out.empty() ? "none" : out;
}

TEST(BlueskyDifferential, FacetsAgreeWithTheBlueskyAppOnEveryGeneratedString) {
    CHORUS_REFERENCE_INPUT(path, "CHORUS_BLUESKY_REFERENCE_CASES");
    testing::expect_agreement_on_every_case(path, [](const boost::json::object& expected) -> std::optional<std::string> {
        std::vector<Facet> reference;
        for (const auto& f : expected.at("facets").as_array())
            reference.push_back({std::string(f.at("kind").as_string()),
                                 static_cast<std::size_t>(f.at("start").to_number<double>()),
                                 static_cast<std::size_t>(f.at("end").to_number<double>()), std::string(f.at("value").as_string())});
        const auto found = bluesky::detect_rich_text(ScannedText(std::string(expected.at("text").as_string()))).facets;
        const bool same = found.size() == reference.size() &&
                          std::equal(found.begin(), found.end(), reference.begin(), [](const Facet& a, const Facet& b) {
                              return a.kind == b.kind && a.byte_start == b.byte_start && a.byte_end == b.byte_end && a.value == b.value;
                          });
        if (same) return std::nullopt;
        return "for " + boost::json::serialize(expected.at("text")) + "\n  the app: " + describe(reference) + "\n  Chorus:  " + describe(found);
    });
}

}  // namespace
}  // namespace chorus::networks
