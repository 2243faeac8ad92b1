#include "networks/text.h"

#include <utf8proc.h>

#include <cstdlib>
#include <stdexcept>

#include "core/utf8.h"

namespace chorus::networks {
namespace {

const auto* as_bytes(std::string_view text) { return reinterpret_cast<const utf8proc_uint8_t*>(text.data()); }

}  // namespace

std::string normalise_nfc(std::string_view utf8) {
    utf8proc_uint8_t* mapped = nullptr;
    auto length = utf8proc_map(as_bytes(utf8), static_cast<utf8proc_ssize_t>(utf8.size()), &mapped,
                               static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (length < 0) throw std::invalid_argument("normalise_nfc needs valid UTF-8");
    std::string out(reinterpret_cast<char*>(mapped), static_cast<std::size_t>(length));
    std::free(mapped);
    return out;
}

std::string comparable_text(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : first_invalid_utf8_byte(text) ? std::string(text) : normalise_nfc(text)) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

ScannedText::ScannedText(std::string utf8) : utf8_(std::move(utf8)) {
    std::size_t offset = 0, utf16 = 0;
    while (offset < utf8_.size()) {
        utf8proc_int32_t code_point = 0;
        auto length = utf8proc_iterate(as_bytes(std::string_view(utf8_).substr(offset)),
                                       static_cast<utf8proc_ssize_t>(utf8_.size() - offset), &code_point);
        if (length <= 0) throw std::invalid_argument("ScannedText needs valid UTF-8");
        code_points_.push_back(static_cast<char32_t>(code_point));
        byte_offsets_.push_back(offset);
        utf16_offsets_.push_back(utf16);
        offset += static_cast<std::size_t>(length);
        utf16 += code_point > 0xFFFF ? 2 : 1;
    }
    byte_offsets_.push_back(offset);
    utf16_offsets_.push_back(utf16);

    grapheme_starting_at_.assign(code_points_.size(), std::string::npos);
    utf8proc_int32_t state = 0;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= code_points_.size(); ++i) {
        bool boundary = i == code_points_.size() ||
                        utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(code_points_[i - 1]),
                                                         static_cast<utf8proc_int32_t>(code_points_[i]), &state);
        if (boundary) {
            grapheme_starting_at_[start] = graphemes_.size();
            graphemes_.push_back({start, i});
            start = i;
            state = 0;
        }
    }
}

std::string ScannedText::slice(Span span) const {
    return utf8_.substr(byte_offsets_[span.begin], byte_offsets_[span.end] - byte_offsets_[span.begin]);
}

std::optional<Span> ScannedText::grapheme_at(std::size_t index) const {
    if (index >= grapheme_starting_at_.size() || grapheme_starting_at_[index] == std::string::npos) return std::nullopt;
    return graphemes_[grapheme_starting_at_[index]];
}

bool is_emoji_cluster(const ScannedText& text, Span cluster) {
    const char32_t first = text.at(cluster.begin);
    const auto* property = utf8proc_get_property(static_cast<utf8proc_int32_t>(first));
    if (property->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR) return cluster.size() == 2;
    bool has_presentation_selector = false, has_keycap = false, has_modifier_or_zwj = false;
    for (std::size_t i = cluster.begin + 1; i < cluster.end; ++i) {
        const char32_t c = text.at(i);
        has_presentation_selector |= c == 0xFE0F;
        has_keycap |= c == 0x20E3;
        has_modifier_or_zwj |= (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0x200D;
    }
    if (has_keycap) return first == '#' || first == '*' || (first >= '0' && first <= '9');
    if (property->boundclass != UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC) return false;
    // Pictographs below U+2000 (©, ®, ‼ …) are text unless asked to be emoji with U+FE0F.
    return first >= 0x2000 || has_presentation_selector || has_modifier_or_zwj;
}

bool is_white_space(char32_t c) {
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
        c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000)
        return true;
    return false;
}

bool is_letter_or_mark(char32_t c) {
    auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
           (category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME);
}

bool is_number(char32_t c) {
    auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO;
}

bool is_latin_accent(char32_t c) {
    return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x24F) || c == 0x253 || c == 0x254 ||
           c == 0x256 || c == 0x257 || c == 0x259 || c == 0x25B || c == 0x263 || c == 0x268 || c == 0x26F || c == 0x272 ||
           c == 0x289 || c == 0x28B || c == 0x2BB || (c >= 0x300 && c <= 0x36F) || (c >= 0x1E00 && c <= 0x1EFF);
}

bool starts_with_ascii_ci(const ScannedText& text, std::size_t at, std::string_view lower_ascii_word) {
    for (std::size_t k = 0; k < lower_ascii_word.size(); ++k)
        if (ascii_lower(text.at(at + k)) != static_cast<char32_t>(lower_ascii_word[k])) return false;
    return true;
}

bool is_punctuation(char32_t c) {
    auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO;
}

}  // namespace chorus::networks
