#pragma once
// LinkedIn's "little text" format, in which the Posts API reads `commentary`: the characters
// | { } @ [ ] ( ) < > # \ * _ ~ are markup (mentions are @[Name](urn), templates {…}), and
// an unescaped one makes LinkedIn cut or garble the text without an error. So the post's
// text is sent with them backslash-escaped — except the # that starts a hashtag, which
// LinkedIn turns into a hashtag link as users expect.
#include <string>
#include <string_view>

namespace chorus::networks::linkedin {

std::string escape_little_text(std::string_view text);
// The text as it was written, from the commentary LinkedIn gives back.
std::string unescape_little_text(std::string_view commentary);

}  // namespace chorus::networks::linkedin
