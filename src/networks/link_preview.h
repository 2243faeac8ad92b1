#pragma once
// What a page says about itself for link previews: its Open Graph tags (og:title,
// og:description, og:image), falling back to <title> and the description meta tag.
// Networks whose servers do not unfurl links (Bluesky) need the client to build the card.
#include <string>
#include <string_view>

namespace chorus::networks {

struct LinkPreview {
    std::string title;
    std::string description;
    std::string image_url;  // absolute, resolved against the page's address
};

LinkPreview read_link_preview(std::string_view html, std::string_view page_url);

// The HTML entities pages and networks write in text (&amp; &lt; &gt; &quot; &#39; …) as
// their characters; anything else is left as it is.
std::string decode_html_entities(std::string_view text);

}  // namespace chorus::networks
