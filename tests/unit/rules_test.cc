// Each network's rules as a user meets them: lengths in the network's own unit, the span of
// what is too long, facets with UTF-8 byte offsets, media rules, and no crash on any input.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "networks/entities.h"
#include "networks/rules.h"
#include "networks/text.h"

namespace chorus::networks {
namespace {

Check check(std::string_view network, std::string text, std::vector<MediaFacts> media = {}, NetworkSettings settings = {}) {
    Draft draft;
    draft.text = std::move(text);
    draft.media = std::move(media);
    return check_draft(*rules_for(network), draft, settings);
}

const Problem* problem(const Check& check, std::string_view code) {
    for (const auto& p : check.problems)
        if (p.code == code) return &p;
    return nullptr;
}

std::string repeat(std::string_view piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

MediaFacts image(std::size_t bytes = 100'000, std::string alt = "a description") {
    MediaFacts media;
    media.kind = MediaFacts::Kind::image;
    media.size_bytes = bytes;
    media.alt_text = std::move(alt);
    return media;
}

MediaFacts video(double seconds = 30) {
    MediaFacts media;
    media.kind = MediaFacts::Kind::video;
    media.duration_seconds = seconds;
    return media;
}

struct LimitCase {
    std::string network;
    std::string unit_piece;       // one unit of the network's count
    std::size_t limit;
    std::size_t piece_utf16;      // UTF-16 units per piece (where the too_long range starts)
    std::vector<MediaFacts> media;
};

class LimitsAtTheEdge : public ::testing::TestWithParam<LimitCase> {};

TEST_P(LimitsAtTheEdge, ExactlyAtTheLimitPassesAndOneMoreIsRefusedFromTheRightSpot) {
    const auto& c = GetParam();
    auto at = check(c.network, repeat(c.unit_piece, c.limit), c.media);
    EXPECT_TRUE(at.valid) << c.network << " " << (at.problems.empty() ? "" : at.problems[0].message);
    EXPECT_EQ(at.length, c.limit);
    EXPECT_EQ(at.limit, c.limit);
    auto over = check(c.network, repeat(c.unit_piece, c.limit + 1), c.media);
    EXPECT_FALSE(over.valid);
    const auto* too_long = problem(over, "too_long");
    ASSERT_NE(too_long, nullptr) << c.network;
    ASSERT_TRUE(too_long->range);
    EXPECT_EQ(too_long->range->start, c.limit * c.piece_utf16) << c.network;
    EXPECT_EQ(too_long->range->end, (c.limit + 1) * c.piece_utf16) << c.network;
}

std::vector<MediaFacts> one_video() { return {video()}; }
std::vector<MediaFacts> one_image() { return {image()}; }

INSTANTIATE_TEST_SUITE_P(
    Networks, LimitsAtTheEdge,
    ::testing::Values(LimitCase{"x", "a", 280, 1, {}}, LimitCase{"bluesky", "👍🏽", 300, 4, {}},
                      LimitCase{"bluesky", "é", 300, 1, {}}, LimitCase{"mastodon", "ü", 500, 1, {}},
                      LimitCase{"mastodon", "👨‍👩‍👧", 500, 8, {}}, LimitCase{"linkedin", "x", 3000, 1, {}},
                      LimitCase{"instagram", "字", 2200, 1, one_image()}, LimitCase{"threads", "a", 500, 1, {}},
                      LimitCase{"facebook", "a", 63206, 1, {}}, LimitCase{"tiktok", "a", 2200, 1, one_video()}),
    [](const auto& info) { return info.param.network + "_" + std::to_string(info.index); });

TEST(XRules, CjkAndEmojiWeighTwoLatinOne) {
    EXPECT_EQ(check("x", "日本").length, 4u);
    EXPECT_EQ(check("x", "Ab").length, 2u);
    EXPECT_EQ(check("x", "👨‍👩‍👧‍👦").length, 2u) << "a ZWJ family is one emoji";
    EXPECT_EQ(check("x", "👍🏽").length, 2u) << "a skin tone does not count extra";
    EXPECT_EQ(check("x", "🇩🇪").length, 2u);
}

TEST(XRules, EveryLinkCountsAsTwentyThreeWhateverItsLength) {
    EXPECT_EQ(check("x", "https://a.co").length, 23u);
    EXPECT_EQ(check("x", "https://example.com/" + std::string(200, 'x')).length, 23u);
    EXPECT_EQ(check("x", "example.com").length, 23u) << "no scheme needed";
    EXPECT_EQ(check("x", "file.txt").length, 8u) << "not a domain";
    auto with_link = check("x", "see https://example.com/page");
    const auto* warning = problem(with_link, "link_counted_as_23");
    ASSERT_NE(warning, nullptr);
    EXPECT_EQ(warning->severity, Severity::warning);
    EXPECT_EQ(warning->range->start, 4u);
    EXPECT_EQ(warning->range->end, 28u);
}

TEST(XRules, EmptyAndInvisibleCharactersAreRefused) {
    EXPECT_NE(problem(check("x", ""), "empty"), nullptr);
    auto bom = check("x", "a\xEF\xBB\xBF" "b");
    EXPECT_FALSE(bom.valid);
    ASSERT_NE(problem(bom, "invalid_character"), nullptr);
    EXPECT_EQ(problem(bom, "invalid_character")->range->start, 1u);
}

TEST(XRules, TextIsNormalisedBeforeCounting) {
    EXPECT_EQ(check("x", "e\xCC\x81").length, check("x", "\xC3\xA9").length);
}

TEST(XRules, MediaIsFourImagesOrOneVideoNeverBoth) {
    EXPECT_TRUE(check("x", "pics", {image(), image(), image(), image()}).valid);
    EXPECT_NE(problem(check("x", "pics", {image(), image(), image(), image(), image()}), "too_many_images"), nullptr);
    EXPECT_NE(problem(check("x", "mix", {image(), video()}), "mixed_media"), nullptr);
    EXPECT_NE(problem(check("x", "two", {video(), video()}), "too_many_videos"), nullptr);
    EXPECT_NE(problem(check("x", "big", {image(6'000'000)}), "image_too_large"), nullptr);
    EXPECT_NE(problem(check("x", "long", {video(141)}), "video_too_long"), nullptr);
    EXPECT_NE(problem(check("x", "alt", {image(1000, "")}), "missing_alt_text"), nullptr);
    EXPECT_TRUE(check("x", "alt", {image(1000, "")}).valid) << "missing alt text is a warning";
}

TEST(BlueskyRules, FacetsCarryUtf8ByteOffsets) {
    // "Café " is 6 bytes: the mention starts at byte 6, not at character 5.
    auto result = check("bluesky", "Café @alice.bsky.social 日本 #tagged https://example.com/x).");
    ASSERT_TRUE(result.facets);
    ASSERT_EQ(result.facets->size(), 3u);
    const auto& mention = (*result.facets)[0];
    EXPECT_EQ(mention.kind, "mention");
    EXPECT_EQ(mention.byte_start, 6u);
    EXPECT_EQ(mention.byte_end, 24u);
    EXPECT_EQ(mention.value, "alice.bsky.social");
    const auto& tag = (*result.facets)[1];
    EXPECT_EQ(tag.kind, "tag");
    EXPECT_EQ(tag.byte_start, 32u);  // after "日本 " (6 + 1 bytes)
    EXPECT_EQ(tag.byte_end, 39u);
    EXPECT_EQ(tag.value, "tagged");
    const auto& link = (*result.facets)[2];
    EXPECT_EQ(link.kind, "link");
    EXPECT_EQ(link.value, "https://example.com/x") << "the unbalanced ')' and the full stop belong to the sentence";
    EXPECT_EQ(link.byte_end - link.byte_start, std::string("https://example.com/x").size());
}

TEST(BlueskyRules, BareDomainsBecomeHttpsLinks) {
    auto result = check("bluesky", "see example.com");
    ASSERT_EQ(result.facets->size(), 1u);
    EXPECT_EQ((*result.facets)[0].value, "https://example.com");
}

TEST(BlueskyRules, MentionsThatAreNotHandlesAreWarnedAboutNotLinked) {
    auto result = check("bluesky", "thanks @alice!");
    EXPECT_TRUE(result.facets->empty());
    ASSERT_NE(problem(result, "unknown_handle_format"), nullptr);
    EXPECT_TRUE(result.valid);
}

TEST(BlueskyRules, TagsInManyScriptsButNotAsciiNumbersOrKeycaps) {
    // The app's "not a number" is JavaScript's \d, ASCII digits only: "#١٢٣" is a tag there.
    auto result = check("bluesky", "#日本語 #Москва #café #١٢٣ #123 #️⃣ #a_b");
    std::vector<std::string> tags;
    for (const auto& facet : *result.facets) tags.push_back(facet.value);
    EXPECT_EQ(tags, (std::vector<std::string>{"日本語", "Москва", "café", "١٢٣", "a_b"}));
}

TEST(BlueskyRules, ImagesOverOneMegabyteAreRefused) {
    EXPECT_NE(problem(check("bluesky", "big", {image(1'000'001)}), "image_too_large"), nullptr);
    EXPECT_TRUE(check("bluesky", "ok", {image(1'000'000)}).valid);
}

TEST(MastodonRules, LinksCountTwentyThreeAndRemoteMentionsOnlyTheirUser) {
    EXPECT_EQ(check("mastodon", "https://example.com/" + std::string(100, 'a')).length, 23u);
    EXPECT_EQ(check("mastodon", "example.com").length, 11u) << "Mastodon links only with a scheme";
    EXPECT_EQ(check("mastodon", "@bob@mastodon.social hi").length, std::string("@bob hi").size());
    EXPECT_EQ(check("mastodon", "👨‍👩‍👧").length, 1u) << "graphemes";
}

TEST(MastodonRules, TheInstanceLimitWins) {
    NetworkSettings settings;
    settings.mastodon_max_characters = 1000;
    auto result = check("mastodon", std::string(900, 'a'), {}, settings);
    EXPECT_TRUE(result.valid);
    EXPECT_EQ(result.limit, 1000u);
}

TEST(MastodonRules, TheInstanceSaysHowManyAttachmentsAndHowLarge) {
    const std::vector<MediaFacts> six(6, image());
    ASSERT_NE(problem(check("mastodon", "Six pictures", six), "too_many_images"), nullptr) << "vanilla Mastodon takes four";
    NetworkSettings settings;
    settings.mastodon_max_media = 6;  // GoToSocial's default
    EXPECT_TRUE(check("mastodon", "Six pictures", six, settings).valid);
    settings.mastodon_max_image_bytes = 50'000;
    EXPECT_FALSE(check("mastodon", "Six pictures", six, settings).valid) << "100 kB images on a 50 kB instance";
}

TEST(InstagramRules, ThirtyHashtagsTwentyMentionsAndMediaRequired) {
    std::string tags;
    for (int i = 0; i < 31; ++i) tags += "#tag" + std::to_string(i) + "x ";
    auto too_many = check("instagram", tags, {image()});
    ASSERT_NE(problem(too_many, "too_many_hashtags"), nullptr);
    std::string mentions;
    for (int i = 0; i < 21; ++i) mentions += "@user" + std::to_string(i) + " ";
    EXPECT_NE(problem(check("instagram", mentions, {image()}), "too_many_mentions"), nullptr);
    EXPECT_NE(problem(check("instagram", "no picture"), "media_required"), nullptr);
}

TEST(ThreadsRules, EmojiCountByTheirBytes) {
    EXPECT_EQ(check("threads", "😀").length, 4u);
    EXPECT_EQ(check("threads", "ab").length, 2u);
}

TEST(PinterestRules, NeedAnImageAShortTitleAndAWebLinkIfAny) {
    Draft draft;
    draft.text = "A pin";
    auto bare = check_draft(*rules_for("pinterest"), draft);
    EXPECT_NE(problem(bare, "media_required"), nullptr);
    EXPECT_EQ(problem(bare, "link_required"), nullptr);
    draft.media = {image()};
    EXPECT_TRUE(check_draft(*rules_for("pinterest"), draft).valid);
    draft.text = std::string(801, 'd');
    EXPECT_NE(problem(check_draft(*rules_for("pinterest"), draft), "too_long"), nullptr);
    draft.text = std::string(800, 'd');
    draft.link = "https://example.com/recipe";
    draft.title = std::string(101, 't');
    auto titled = check_draft(*rules_for("pinterest"), draft);
    EXPECT_NE(problem(titled, "title_too_long"), nullptr);
    draft.title = "Soup";
    EXPECT_TRUE(check_draft(*rules_for("pinterest"), draft).valid);
    draft.link = "not a link";
    EXPECT_NE(problem(check_draft(*rules_for("pinterest"), draft), "invalid_link"), nullptr);
}

TEST(YouTubeRules, DescriptionInBytesTitleRequiredNoAngleBrackets) {
    Draft draft;
    draft.text = std::string(2500, 'a') + repeat("é", 1250);  // 2500 + 2500 bytes = exactly 5000
    draft.title = "My video";
    draft.media = {video()};
    EXPECT_TRUE(check_draft(*rules_for("youtube"), draft).valid);
    draft.text += "a";
    EXPECT_NE(problem(check_draft(*rules_for("youtube"), draft), "too_long"), nullptr);
    draft.text = "fine <b>";
    EXPECT_NE(problem(check_draft(*rules_for("youtube"), draft), "angle_bracket"), nullptr);
    draft.text = "fine";
    draft.title = "a <title>";
    EXPECT_NE(problem(check_draft(*rules_for("youtube"), draft), "angle_bracket_in_title"), nullptr);
    draft.title.reset();
    EXPECT_NE(problem(check_draft(*rules_for("youtube"), draft), "title_required"), nullptr);
    draft.title = "ok";
    draft.media = {image()};
    EXPECT_NE(problem(check_draft(*rules_for("youtube"), draft), "video_required"), nullptr);
}

TEST(TikTokRules, CaptionCountsUtf16UnitsAndNeedsAVideoOrPhotos) {
    EXPECT_EQ(check("tiktok", "😀", {video()}).length, 2u);
    EXPECT_EQ(check("tiktok", "a", {video()}).limit, 2200u);
    EXPECT_NE(problem(check("tiktok", "no media"), "media_required"), nullptr);
    EXPECT_TRUE(check("tiktok", "a photo post", {image(), image()}).valid);
    EXPECT_NE(problem(check("tiktok", "photos", std::vector<MediaFacts>(36, image())), "too_many_images"), nullptr);
    EXPECT_NE(problem(check("tiktok", "both", {image(), video()}), "mixed_media"), nullptr);
}

TEST(TikTokRules, APhotoPostHasALongerDescriptionAndAShortTitle) {
    EXPECT_EQ(check("tiktok", std::string(4000, 'a'), {image()}).limit, 4000u);
    EXPECT_TRUE(check("tiktok", std::string(4000, 'a'), {image()}).valid);
    EXPECT_FALSE(check("tiktok", std::string(2201, 'a'), {video()}).valid);
    Draft draft{"photos", {image()}, std::string(91, 't'), std::nullopt};
    EXPECT_NE(problem(check_draft(*rules_for("tiktok"), draft), "title_too_long"), nullptr);
    draft.title = std::string(90, 't');
    EXPECT_TRUE(check_draft(*rules_for("tiktok"), draft).valid);
    draft.media = {video()};
    EXPECT_NE(problem(check_draft(*rules_for("tiktok"), draft), "title_unused"), nullptr);
}

TEST(Entities, UrlsKeepBalancedParenthesesAndDropSentencePunctuation) {
    ScannedText text("(see https://en.wikipedia.org/wiki/Foo_(bar)), and example.com. Also file.txt");
    auto links = find_links(text, {});
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(links[0].text, "https://en.wikipedia.org/wiki/Foo_(bar)");
    EXPECT_EQ(links[1].text, "example.com");
    EXPECT_EQ(links[1].uri, "https://example.com");
}

TEST(Entities, IdnDomainsAndNotEmailAddresses) {
    ScannedText text("http://münchen.de bücher.example mail@example.com xn--mnchen-3ya.de");
    auto links = find_links(text, {});
    std::vector<std::string> found;
    for (const auto& link : links) found.push_back(link.text);
    EXPECT_EQ(found, (std::vector<std::string>{"http://münchen.de", "xn--mnchen-3ya.de"}));
}

TEST(AllNetworks, InvalidUtf8IsOneClearProblemForEveryNetwork) {
    for (auto name : network_names()) {
        auto result = check(name, "ok \xC3\x28 \xED\xA0\x80");
        EXPECT_FALSE(result.valid) << name;
        ASSERT_EQ(result.problems.size(), 1u) << name;
        EXPECT_EQ(result.problems[0].code, "invalid_utf8") << name;
    }
}

// A bounded random-input run; under AddressSanitizer and UBSan any out-of-bounds access or
// overflow in the scanners fails here.
TEST(AllNetworks, RandomInputNeverCrashes) {
    std::mt19937 random(20261123);
    const std::vector<std::string> pieces = {"a", " ", "#", "@", ".", "/", ":", "(", ")", "https://", "http://",
                                             "example.com", "é", "e\xCC\x81", "日本", "😀", "👍🏽", "\xE2\x80\x8D", "️",
                                             "\xE2\x83\xA3", "🇩", "\xEF\xBB\xBF", "\n", "\xFF", "\xC3", "\xF0\x9F", "ー",
                                             "١", "_", "-", "?", "=", "＃", "＠", "xn--", ".co", ".uk"};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    std::size_t runs = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        std::string text;
        const int parts = static_cast<int>(random() % 40);
        for (int i = 0; i < parts; ++i) text += pieces[random() % pieces.size()];
        Draft draft;
        draft.text = text;
        draft.title = text.substr(0, text.size() / 2);
        draft.link = text;
        for (auto name : network_names()) {
            auto result = check_draft(*rules_for(name), draft);
            for (const auto& p : result.problems) {
                if (p.range) {
                    ASSERT_LE(p.range->start, p.range->end);
                }
            }
        }
        ++runs;
    }
    EXPECT_GT(runs, 100u);
}

}  // namespace
}  // namespace chorus::networks
