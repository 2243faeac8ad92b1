#pragma once
// Keyset pagination: ids are time-ordered, so "the next page" is "ids after the cursor".
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace chorus::accounts {

struct PageRequest {
    int limit = 50;
    std::string cursor;  // the last id of the previous page; empty for the first page
};

template <class T>
struct Page {
    std::vector<T> items;
    std::optional<std::string> next_cursor;
};

constexpr int max_page_size = 200;

Result<PageRequest> page_request(std::optional<long long> limit, std::string cursor);

// Trims a fetched limit+1 rows to limit and sets the cursor when there are more.
template <class T, class IdOf>
Page<T> make_page(std::vector<T> rows, int limit, IdOf id_of) {
    Page<T> page;
    if (static_cast<int>(rows.size()) > limit) {
        rows.resize(static_cast<std::size_t>(limit));
        page.next_cursor = id_of(rows.back());
    }
    page.items = std::move(rows);
    return page;
}

}  // namespace chorus::accounts
