#include "networks/link_preview.h"

#include <boost/url.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/ascii.h"

namespace chorus::networks {
namespace {

// The value of attribute `name` inside one tag's text ("meta property=… content=…").
std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
    const auto lowered = to_lower_ascii(tag);
    for (std::size_t at = lowered.find(name); at != std::string::npos; at = lowered.find(name, at + 1)) {
        const bool starts_word = at > 0 && std::isspace(static_cast<unsigned char>(lowered[at - 1]));
        auto i = at + name.size();
        while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
        if (!starts_word || i >= tag.size() || tag[i] != '=') continue;
        ++i;
        while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
        if (i >= tag.size()) return std::nullopt;
        const char quote = tag[i];
        if (quote == '"' || quote == '\'') {
            const auto end = tag.find(quote, i + 1);
            if (end == std::string_view::npos) return std::nullopt;
            return decode_html_entities(tag.substr(i + 1, end - i - 1));
        }
        auto end = i;
        while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end])) && tag[end] != '>') ++end;
        return decode_html_entities(tag.substr(i, end - i));
    }
    return std::nullopt;
}

std::string trimmed(std::string text) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    return text;
}

std::string absolute(std::string_view reference, std::string_view base) {
    if (reference.empty()) return {};
    auto parsed_base = boost::urls::parse_uri(base);
    auto parsed_reference = boost::urls::parse_uri_reference(reference);
    if (!parsed_base || !parsed_reference) return {};
    boost::urls::url resolved;
    if (!boost::urls::resolve(*parsed_base, *parsed_reference, resolved)) return {};
    return std::string(resolved.buffer());
}

}  // namespace

std::string decode_html_entities(std::string_view text) {
    static constexpr std::pair<std::string_view, std::string_view> entities[] = {
        {"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}, {"&apos;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", " "}};
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        bool replaced = false;
        if (text[i] == '&')
            for (const auto& [entity, value] : entities)
                if (text.substr(i, entity.size()) == entity) {
                    out += value;
                    i += entity.size();
                    replaced = true;
                    break;
                }
        if (!replaced) out.push_back(text[i++]);
    }
    return out;
}

LinkPreview read_link_preview(std::string_view html, std::string_view page_url) {
    LinkPreview preview;
    std::string fallback_title, fallback_description;
    const auto lowered = to_lower_ascii(html);
    for (std::size_t at = lowered.find("<meta"); at != std::string::npos; at = lowered.find("<meta", at + 5)) {
        const auto end = lowered.find('>', at);
        if (end == std::string::npos) break;
        const auto tag = html.substr(at, end - at);
        const auto key = to_lower_ascii(attribute(tag, "property").value_or(attribute(tag, "name").value_or("")));
        const auto content = trimmed(attribute(tag, "content").value_or(""));
        if (content.empty()) continue;
        if (key == "og:title" && preview.title.empty()) preview.title = content;
        else if (key == "og:description" && preview.description.empty()) preview.description = content;
        else if ((key == "og:image" || key == "og:image:url") && preview.image_url.empty()) preview.image_url = absolute(content, page_url);
        else if (key == "description" && fallback_description.empty()) fallback_description = content;
    }
    if (auto open = lowered.find("<title"); open != std::string::npos) {
        const auto start = lowered.find('>', open);
        const auto close = lowered.find("</title>", open);
        if (start != std::string::npos && close != std::string::npos && start < close)
            fallback_title = trimmed(decode_html_entities(html.substr(start + 1, close - start - 1)));
    }
    if (preview.title.empty()) preview.title = fallback_title;
    if (preview.description.empty()) preview.description = fallback_description;
    return preview;
}

}  // namespace chorus::networks
