#pragma once
// UTF-8 as every byte Chorus writes out must be: a JSON answer or a log line that carries an
// invalid byte is unreadable for every client (and a stored one would break every answer
// that includes it), and a control character in a log line can forge another line.
#include <optional>
#include <string>
#include <string_view>

namespace chorus {

// The offset of the first byte that starts no valid UTF-8 sequence (overlongs, surrogates
// and code points past U+10FFFF are invalid too), or nullopt.
std::optional<std::size_t> first_invalid_utf8_byte(std::string_view bytes);

// The bytes with every invalid one replaced by U+FFFD; valid text is returned as it is.
std::string with_valid_utf8(std::string_view bytes);

// For a text log line: control characters (C0, DEL, C1, U+2028/2029) as \n, \t or \u{…},
// backslashes doubled, invalid bytes as \x{..}: one value can never look like two lines.
std::string escaped_for_log(std::string_view bytes);

}  // namespace chorus
