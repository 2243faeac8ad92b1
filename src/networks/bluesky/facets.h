#pragma once
// Bluesky's links, mentions, tags and cashtags exactly as the Bluesky app finds them: a port
// of @atproto/api's detectFacets (0.20: rich-text/detection.ts and util.ts), whose regular
// expressions are read with JavaScript's meanings — its \s (which leaves out U+200B), its
// ASCII \b, \p{P} for punctuation, greedy matching resumed after each match — and its quirks
// kept (a bare domain must end in a lower-case TLD of the `tlds` package; "##tag" is the tag
// "#tag"; a link keeps a closing parenthesis when it has an opening one). A facet that
// differs from the app's is a link that cannot be clicked, or a tag that should not be one,
// once the post is seen in Bluesky. Two departures, where the app's own post would be
// refused by the server (tests/reference/bluesky_app_facets.mjs makes the same): a bare
// domain that starts with "http" gets its https:// like any other, and a link that is no URI
// ("https://" once its ")" is cut) or a tag over 640 bytes gets no facet.
// tests/reference/generate_bluesky_cases.mjs checks all of it.
#include <vector>

#include "networks/rules.h"
#include "networks/text.h"

namespace chorus::networks::bluesky {

struct RichText {
    std::vector<Facet> facets;           // by byte_start, as the app sorts them
    std::vector<Span> unlinked_mentions;  // "@name" where name is not a handle: no facet
    std::vector<Span> overlong_tags;      // over 64 graphemes or 640 bytes: no facet
    std::vector<Span> tags;               // the tags that are facets, with their # sign
};

RichText detect_rich_text(const ScannedText& text);

}  // namespace chorus::networks::bluesky
