#pragma once
// Building blocks the per-network modules share, so that "too long", media counts and the
// like read and behave the same everywhere.
#include <functional>
#include <string>

#include "networks/entities.h"
#include "networks/rules.h"
#include "networks/text.h"

namespace chorus::networks {

TextRange utf16_range(const ScannedText& text, Span span);

// A check for this network, valid until a problem says otherwise.
Check new_check(const NetworkRules& rules);

// Most networks refuse a post with neither text nor media.
void require_text_or_media(Check& check, const ScannedText& text, const Draft& draft, std::string_view network_title);

void add_error(Check& check, std::string code, std::string message, std::optional<TextRange> range = std::nullopt);
void add_warning(Check& check, std::string code, std::string message, std::optional<TextRange> range = std::nullopt);

// Sets length/limit/unit and, when over, a too_long error whose range starts at the first
// code point past the limit. `length_through(i)` is the length of the text up to and
// including code point i.
void apply_length_limit(Check& check, const ScannedText& text, std::size_t length, std::size_t limit, std::string unit,
                        const std::function<std::size_t(std::size_t)>& length_through);

// Code points, graphemes, UTF-16 units and bytes, with the matching length_through.
void limit_code_points(Check& check, const ScannedText& text, std::size_t limit);
void limit_utf16(Check& check, const ScannedText& text, std::size_t limit);

void check_media(Check& check, const Draft& draft, const MediaLimits& limits);

// Warnings users value: links that the network shortens or does not link, too many tags.
void warn_hashtags_over(Check& check, const ScannedText& text, const std::vector<Hashtag>& tags, std::size_t comfortable);

}  // namespace chorus::networks
