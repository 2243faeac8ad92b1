#include "accounts/listing.h"

namespace chorus::accounts {

Result<PageRequest> page_request(std::optional<long long> limit, std::string cursor) {
    PageRequest page;
    if (limit) {
        if (*limit < 1 || *limit > max_page_size)
            return Error::invalid("limit", "out_of_range", "limit must be between 1 and " + std::to_string(max_page_size));
        page.limit = static_cast<int>(*limit);
    }
    page.cursor = std::move(cursor);
    return page;
}

}  // namespace chorus::accounts
