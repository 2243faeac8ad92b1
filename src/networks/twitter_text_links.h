#pragma once
// Links exactly as twitter-text 3.1.0's extractUrlsWithIndices finds them — what X counts as
// 23 characters and Mastodon (which reuses the extractor, scheme required) as 23 too.
#include <vector>

#include "networks/entities.h"

namespace chorus::networks {

// How long a URL may be: twitter-text JS counts the scheme twice when it is written (scheme +
// URL ≤ 4096); the Ruby gem counts the URL, 8 more without a scheme, and the growth of its
// host once punycode-encoded.
enum class UrlLengthRule { javascript, ruby_gem };

std::vector<Link> find_twitter_text_links(const ScannedText& text, bool links_without_scheme, UrlLengthRule rule = UrlLengthRule::javascript);

}  // namespace chorus::networks
