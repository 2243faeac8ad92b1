// The pieces of the Bluesky connector that need no server: record keys and link previews.
#include <gtest/gtest.h>

#include <set>

#include "core/id.h"
#include "networks/bluesky/tid.h"
#include "networks/link_preview.h"

namespace chorus::networks {
namespace {

using namespace std::chrono;

TEST(BlueskyRecordKeys, AreValidTidsThatEncodeTheirTimeAndClockId) {
    // The TID spec's own example shape: 13 characters, the first below 'k' (top bit 0).
    EXPECT_EQ(bluesky::encode_tid(0, 0), "2222222222222");
    const auto tid = bluesky::encode_tid(1'700'000'000'000'000, 1023);
    EXPECT_TRUE(bluesky::is_tid(tid)) << tid;
    EXPECT_LT(bluesky::encode_tid(1'700'000'000'000'000, 0), bluesky::encode_tid(1'700'000'000'000'001, 0));
    EXPECT_FALSE(bluesky::is_tid("3jzfcijpj2z2"));    // too short
    EXPECT_FALSE(bluesky::is_tid("kjzfcijpj2z2a"));   // top bit set
    EXPECT_FALSE(bluesky::is_tid("3jzfcijpj2z2A"));   // not the alphabet
}

TEST(BlueskyRecordKeys, AreStablePerKeyDistinctAcrossKeysAndOrderedWithinAThread) {
    const auto key = new_id("publish", system_clock::time_point(milliseconds(1'795'000'000'000)));
    EXPECT_EQ(bluesky::record_key_for(key, 0), bluesky::record_key_for(key, 0));
    EXPECT_LT(bluesky::record_key_for(key, 0), bluesky::record_key_for(key, 1));
    EXPECT_LT(bluesky::record_key_for(key, 1), bluesky::record_key_for(key, 2));
    // The key's own time: record keys chosen later sort later.
    const auto later = new_id("publish", system_clock::time_point(milliseconds(1'795'000'002'000)));
    EXPECT_LT(bluesky::record_key_for(key, 4), bluesky::record_key_for(later, 0));

    // Keys chosen in the same second (a series, an import): deterministic keys, so that
    // the test cannot flake.
    std::set<std::string> keys;
    const auto time_digits = key.substr(0, key.size() - 16);
    for (int i = 0; i < 2000; ++i) {
        auto number = std::to_string(1'000'000 + i * 7919);
        keys.insert(bluesky::record_key_for(time_digits + std::string(16 - number.size(), '0') + number, 0));
    }
    EXPECT_EQ(keys.size(), 2000u) << "keys chosen in the same second must not collide";
    // Keys that carry no time still get a valid, stable TID.
    EXPECT_TRUE(bluesky::is_tid(bluesky::record_key_for("chorus-legacy-key", 0)));
    EXPECT_EQ(bluesky::record_key_for("chorus-legacy-key", 3), bluesky::record_key_for("chorus-legacy-key", 3));
}

TEST(LinkPreviews, ReadOpenGraphTagsWithEntitiesAndRelativeImages) {
    auto preview = read_link_preview(R"(<html><head><title>Fallback title</title>
        <META content="Fish &amp; chips" property="og:title"/>
        <meta property='og:description' content='Served "fresh"'>
        <meta property="og:image" content="/images/card.jpg?v=2"></head></html>)",
                                     "https://cafe.example/menu/today");
    EXPECT_EQ(preview.title, "Fish & chips");
    EXPECT_EQ(preview.description, "Served \"fresh\"");
    EXPECT_EQ(preview.image_url, "https://cafe.example/images/card.jpg?v=2");
}

TEST(LinkPreviews, FallBackToTheTitleAndDescriptionTags) {
    auto preview = read_link_preview("<title>\n  Plain page </title><meta name=\"description\" content=\"About us\">", "http://a.example/");
    EXPECT_EQ(preview.title, "Plain page");
    EXPECT_EQ(preview.description, "About us");
    EXPECT_EQ(preview.image_url, "");
    EXPECT_EQ(read_link_preview("not html at all <meta", "http://a.example/").title, "");
}

}  // namespace
}  // namespace chorus::networks
