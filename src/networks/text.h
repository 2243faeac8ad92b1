#pragma once
// Text as the networks measure it. Every network counts in its own unit — code points,
// grapheme clusters, UTF-16 code units, UTF-8 bytes, or twitter-text's weights — and every
// problem must point at a span the editor can underline. ScannedText decodes once and keeps,
// for each code point, where it starts in bytes and in UTF-16 units (JavaScript indices).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::networks {

// A half-open span of code point indices.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size() const { return end - begin; }
};

// Unicode NFC; the input must be valid UTF-8.
std::string normalise_nfc(std::string_view utf8);

// A post's text in the form two copies of it are compared in when a network gives no
// idempotency key and an earlier attempt's post must be recognised: NFC, runs of white
// space as one space, none at the ends. Invalid UTF-8 is compared as it is.
std::string comparable_text(std::string_view text);

class ScannedText {
public:
    explicit ScannedText(std::string utf8);  // valid UTF-8 only

    const std::string& utf8() const { return utf8_; }
    const std::u32string& code_points() const { return code_points_; }
    std::size_t size() const { return code_points_.size(); }
    char32_t at(std::size_t index) const { return index < code_points_.size() ? code_points_[index] : U'\0'; }

    std::size_t byte_offset(std::size_t index) const { return byte_offsets_[index]; }
    std::size_t utf16_offset(std::size_t index) const { return utf16_offsets_[index]; }
    std::size_t byte_length() const { return utf8_.size(); }
    std::size_t utf16_length() const { return utf16_offsets_.back(); }
    std::string slice(Span span) const;

    // Extended grapheme clusters (what a reader sees as one character), as spans.
    const std::vector<Span>& graphemes() const { return graphemes_; }
    // The grapheme cluster starting at `index`, if one starts there.
    std::optional<Span> grapheme_at(std::size_t index) const;

private:
    std::string utf8_;
    std::u32string code_points_;
    std::vector<std::size_t> byte_offsets_;   // size() + 1 entries
    std::vector<std::size_t> utf16_offsets_;  // size() + 1 entries
    std::vector<Span> graphemes_;
    std::vector<std::size_t> grapheme_starting_at_;  // index into graphemes_ or npos
};

// True when the cluster is an emoji as users see one: a pictographic base (with or without
// skin tone, variation selector or ZWJ family), a flag of two regional indicators, or a
// keycap such as 1️⃣.
bool is_emoji_cluster(const ScannedText& text, Span cluster);

// Character classes used by the entity finders.
bool is_white_space(char32_t c);
bool is_letter_or_mark(char32_t c);
bool is_number(char32_t c);
bool is_punctuation(char32_t c);
inline bool is_ascii_alnum(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
inline char32_t ascii_lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
// twitter-text's latinAccentChars: the accented Latin letters (and combining marks) it treats
// like ASCII letters in domains and URL paths.
bool is_latin_accent(char32_t c);
// True when the text at `at` starts with `lower_ascii_word`, ignoring ASCII case.
bool starts_with_ascii_ci(const ScannedText& text, std::size_t at, std::string_view lower_ascii_word);

}  // namespace chorus::networks
