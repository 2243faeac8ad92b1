#pragma once
// Input rules shared by the account domain. Each check names the field it judged.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chorus::accounts {

// Trims white space; requires 1..max_chars Unicode code points.
Result<std::string> required_text(std::string_view field, std::string_view value, std::size_t max_chars);
// Lower-cases and checks the shape name@domain.tld.
Result<std::string> normalised_email(std::string_view field, std::string_view value);
Result<void> acceptable_password(std::string_view field, std::string_view value);
Result<void> valid_time_zone(std::string_view field, std::string_view value);
Result<std::string> valid_colour(std::string_view field, std::string_view value);  // "#RRGGBB", lower-cased
Result<void> valid_http_url(std::string_view field, std::string_view value);

constexpr std::size_t min_password_chars = 10;

}  // namespace chorus::accounts
