#pragma once
// Emoji as twitter-text sees them: the sequences twemoji-parser 11 recognises. Newer emoji
// that it does not know are split into the parts it does (🧑🏿‍💻 is 🧑🏿, a joiner and 💻),
// and X counts them that way.
#include <cstddef>

#include "networks/text.h"

namespace chorus::networks {

// How many code points of the longest recognised emoji sequence start at `index`; 0 if none.
std::size_t twemoji_sequence_at(const ScannedText& text, std::size_t index);

}  // namespace chorus::networks
