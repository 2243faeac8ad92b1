#include "publishing/recurrence.h"

#include <libical/ical.h>

#include <string>

namespace chorus::publishing {
namespace {

constexpr std::size_t max_iterations = 100'000;  // a rule whose next match is centuries away

Result<icalrecurrencetype> parse(std::string_view rule, std::string_view field) {
    std::string text(rule);
    if (text.starts_with("RRULE:")) text = text.substr(6);
    if (text.empty() || text.size() > 500)
        return Error::invalid(std::string(field), "invalid_rule", "recurrence must be an RRULE such as FREQ=WEEKLY;BYDAY=MO");
    icalerror_clear_errno();
    auto parsed = icalrecurrencetype_from_string(text.c_str());
    if (parsed.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        icalerror_clear_errno();
        return Error::invalid(std::string(field), "invalid_rule",
                              "recurrence is not a valid RRULE (RFC 5545), e.g. FREQ=MONTHLY;BYDAY=1MO");
    }
    if (parsed.freq == ICAL_SECONDLY_RECURRENCE || parsed.freq == ICAL_MINUTELY_RECURRENCE || parsed.freq == ICAL_HOURLY_RECURRENCE)
        return Error::invalid(std::string(field), "too_frequent", "A post can recur at most daily");
    if (parsed.by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX || parsed.by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX ||
        parsed.by_second[0] != ICAL_RECURRENCE_ARRAY_MAX)
        return Error::invalid(std::string(field), "time_in_rule",
                              "Give the time of day with scheduled_at, not BYHOUR/BYMINUTE/BYSECOND in the rule");
    return parsed;
}

}  // namespace

Result<void> check_rule(std::string_view rule, std::string_view field) {
    TRY(parse(rule, field));
    return {};
}

Result<std::vector<LocalDateTime>> local_occurrences(std::string_view rule, const LocalDateTime& start, std::size_t skip,
                                                     std::size_t limit) {
    auto parsed = TRY(parse(rule, "recurrence"));
    icaltimetype dtstart = icaltime_null_time();
    dtstart.year = start.year;
    dtstart.month = start.month;
    dtstart.day = start.day;
    dtstart.hour = start.hour;
    dtstart.minute = start.minute;
    dtstart.is_date = 0;
    dtstart.zone = nullptr;  // floating: the rule runs on wall-clock time
    icalrecur_iterator* iterator = icalrecur_iterator_new(parsed, dtstart);
    if (!iterator) return Error::invalid("recurrence", "invalid_rule", "recurrence cannot start at this date");
    std::vector<LocalDateTime> out;
    std::size_t seen = 0;
    for (std::size_t i = 0; i < max_iterations && out.size() < limit; ++i) {
        const icaltimetype next = icalrecur_iterator_next(iterator);
        if (icaltime_is_null_time(next)) break;
        if (seen++ < skip) continue;
        out.push_back({next.year, next.month, next.day, next.hour, next.minute});
    }
    icalrecur_iterator_free(iterator);
    return out;
}

}  // namespace chorus::publishing
