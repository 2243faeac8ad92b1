#include "accounts/listing.h"

#include <algorithm>

namespace chorus::accounts {

Result<PageRequest> page_request(std::optional<long long> limit, std::string cursor) {
    PageRequest page;
    if (limit) {
        if (*limit < 1 || *limit > max_page_size)
            return Error::invalid("limit", "out_of_range", "limit must be between 1 and " + std::to_string(max_page_size));
        page.limit = static_cast<int>(*limit);
    }
    // A cursor is the id that ended the previous page ("post_01…"): anything else is a
    // client's mistake, not an empty page.
    const bool id_like = cursor.size() <= 64 && std::all_of(cursor.begin(), cursor.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!id_like) return Error::invalid("cursor", "invalid_cursor", "cursor must be the next_cursor a previous page gave");
    page.cursor = std::move(cursor);
    return page;
}

}  // namespace chorus::accounts
