#include "accounts/validation.h"

#include <date/tz.h>

#include <algorithm>
#include <cctype>

#include "core/ascii.h"

namespace chorus::accounts {
namespace {

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(),
                                                  [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string_view trim(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace

Result<std::string> required_text(std::string_view field, std::string_view value, std::size_t max_chars) {
    std::string_view trimmed = trim(value);
    if (trimmed.empty()) return Error::invalid(std::string(field), "required", std::string(field) + " must not be empty");
    if (code_points(trimmed) > max_chars)
        return Error::invalid(std::string(field), "too_long",
                              std::string(field) + " must be at most " + std::to_string(max_chars) + " characters");
    return std::string(trimmed);
}

Result<std::string> normalised_email(std::string_view field, std::string_view value) {
    std::string email = to_lower_ascii(trim(value));
    auto at = email.find('@');
    bool shaped = email.size() <= 254 && at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos &&
                  email.find('.', at + 2) != std::string::npos && email.back() != '.' &&
                  email.find_first_of(" \t\r\n<>\"") == std::string::npos;
    if (!shaped) return Error::invalid(std::string(field), "invalid_email", "Enter an e-mail address like name@example.com");
    return email;
}

Result<void> acceptable_password(std::string_view field, std::string_view value) {
    if (code_points(value) < min_password_chars)
        return Error::invalid(std::string(field), "password_too_short",
                              "The password must have at least " + std::to_string(min_password_chars) + " characters");
    if (value.size() > 1024) return Error::invalid(std::string(field), "password_too_long", "The password must be at most 1024 bytes");
    return {};
}

Result<void> valid_time_zone(std::string_view field, std::string_view value) {
    try {
        if (!value.empty() && date::locate_zone(value)) return {};
    } catch (const std::exception&) {
    }
    return Error::invalid(std::string(field), "unknown_time_zone",
                          "Use an IANA time zone name such as Europe/Berlin or America/New_York");
}

Result<std::string> valid_colour(std::string_view field, std::string_view value) {
    bool shaped = value.size() == 7 && value[0] == '#' &&
                  std::all_of(value.begin() + 1, value.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (!shaped) return Error::invalid(std::string(field), "invalid_colour", "Use a colour like #1d9bf0");
    return to_lower_ascii(value);
}

Result<void> valid_http_url(std::string_view field, std::string_view value) {
    bool shaped = value.size() <= 2048 && (value.rfind("https://", 0) == 0 || value.rfind("http://", 0) == 0) &&
                  value.find_first_of(" \t\r\n\"<>") == std::string_view::npos && value.size() > 8;
    if (!shaped) return Error::invalid(std::string(field), "invalid_url", "Use an http:// or https:// address");
    return {};
}

}  // namespace chorus::accounts
