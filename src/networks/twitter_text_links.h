#pragma once
// Links exactly as twitter-text 3.1.0's extractUrlsWithIndices finds them — what X counts as
// 23 characters and Mastodon (which reuses the extractor, scheme required) as 23 too.
#include <vector>

#include "networks/entities.h"

namespace chorus::networks {

std::vector<Link> find_twitter_text_links(const ScannedText& text, bool links_without_scheme);

}  // namespace chorus::networks
