#include "publishing/local_time.h"

#include <date/tz.h>

namespace chorus::publishing {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

Result<const date::time_zone*> zone_named(std::string_view name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return Error::invalid("time_zone", "unknown_time_zone", "Use an IANA time zone name such as Europe/Berlin");
    }
}

std::string describe(const LocalDateTime& local) {
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", local.year, local.month, local.day, local.hour, local.minute);
    return text;
}

}  // namespace

Result<Millis> to_utc(const LocalDateTime& local, std::string_view time_zone, WhenSkipped skipped, WhenRepeated repeated) {
    const auto* zone = TRY(zone_named(time_zone));
    const date::year_month_day day{date::year{local.year}, date::month{static_cast<unsigned>(local.month)},
                                   date::day{static_cast<unsigned>(local.day)}};
    if (!day.ok() || local.hour < 0 || local.hour > 23 || local.minute < 0 || local.minute > 59)
        return Error::invalid("scheduled_at", "invalid_local_time", describe(local) + " is not a valid date and time");
    const date::local_seconds wall = date::local_days{day} + std::chrono::hours{local.hour} + minutes{local.minute};
    const auto info = zone->get_info(wall);
    std::chrono::seconds offset = info.first.offset;
    switch (info.result) {
        case date::local_info::unique:
            break;
        case date::local_info::nonexistent:
            if (skipped == WhenSkipped::refuse)
                return Error::invalid("scheduled_at", "nonexistent_local_time",
                                      describe(local) + " does not exist in " + std::string(time_zone) +
                                          ": the clocks skip that hour. Choose another time.");
            // The offset in force before the jump carries the time past it by the gap's length.
            offset = info.first.offset;
            break;
        case date::local_info::ambiguous:
            if (repeated == WhenRepeated::refuse)
                return Error::invalid("scheduled_at", "ambiguous_local_time",
                                      describe(local) + " happens twice in " + std::string(time_zone) +
                                          ": the clocks go back. Say which one.");
            offset = repeated == WhenRepeated::first ? info.first.offset : info.second.offset;
            break;
    }
    const auto instant = date::sys_seconds{wall.time_since_epoch() - offset};
    return static_cast<Millis>(std::chrono::duration_cast<milliseconds>(instant.time_since_epoch()).count());
}

Result<LocalDateTime> to_local(Millis instant, std::string_view time_zone) {
    const auto* zone = TRY(zone_named(time_zone));
    const auto sys = date::sys_seconds{std::chrono::duration_cast<std::chrono::seconds>(milliseconds{instant})};
    const auto wall = zone->to_local(sys);
    const auto days = date::floor<date::days>(wall);
    const date::year_month_day day{days};
    const date::hh_mm_ss time{wall - days};
    return LocalDateTime{static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())),
                         static_cast<int>(static_cast<unsigned>(day.day())), static_cast<int>(time.hours().count()),
                         static_cast<int>(time.minutes().count())};
}

Result<Millis> next_weekly_slot(Weekday weekday, int hour, int minute, std::string_view time_zone, Millis after) {
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
        return Error::invalid("slot", "invalid_local_time", "A slot needs an hour 0–23 and a minute 0–59");
    const auto start = TRY(to_local(after, time_zone));
    date::local_days day{date::year_month_day{date::year{start.year}, date::month{static_cast<unsigned>(start.month)},
                                              date::day{static_cast<unsigned>(start.day)}}};
    // At most eight days ahead: the same weekday later today may already be past.
    for (int i = 0; i < 9; ++i, day += date::days{1}) {
        if (date::weekday{day}.c_encoding() != static_cast<unsigned>(weekday)) continue;
        const date::year_month_day ymd{day};
        const LocalDateTime candidate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                                      static_cast<int>(static_cast<unsigned>(ymd.day())), hour, minute};
        const auto instant = TRY(to_utc(candidate, time_zone, WhenSkipped::move_forward, WhenRepeated::first));
        if (instant > after) return instant;
    }
    return Error::internal("no weekly slot found within nine days");
}

}  // namespace chorus::publishing

namespace chorus::publishing {
namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

Result<Millis> parse_time(std::string_view text, std::string_view time_zone, std::string_view field) {
    auto malformed = [&] {
        return Error::invalid(std::string(field), "invalid_time",
                              std::string(field) + " must look like 2026-12-01T09:00:00+01:00 (or without the offset, "
                                                   "for the brand's time zone)");
    };
    LocalDateTime local;
    int second = 0;
    if (!digits(text, 0, 4, local.year) || text.size() < 16 || text[4] != '-' || !digits(text, 5, 2, local.month) ||
        text[7] != '-' || !digits(text, 8, 2, local.day) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
        !digits(text, 11, 2, local.hour) || text[13] != ':' || !digits(text, 14, 2, local.minute))
        return malformed();
    // Year 0 parses, and then no network takes it: a time is refused here, by its field.
    if (local.year < 1970)
        return Error::invalid(std::string(field), "out_of_range", std::string(field) + " must be in 1970 or later");
    std::size_t at = 16;
    int millis = 0;
    if (at < text.size() && text[at] == ':') {
        if (!digits(text, at + 1, 2, second) || second > 59) return malformed();
        at += 3;
        if (at < text.size() && text[at] == '.') {
            std::size_t end = at + 1;
            while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
            if (end == at + 1) return malformed();
            int fraction = 0;
            digits(text, at + 1, std::min<std::size_t>(3, end - at - 1), fraction);
            for (std::size_t n = end - at - 1; n < 3; ++n) fraction *= 10;
            millis = fraction;
            at = end;
        }
    }
    const Millis within_minute = second * 1000 + millis;
    if (at == text.size()) {
        auto instant = to_utc(local, time_zone, WhenSkipped::refuse, WhenRepeated::refuse);
        if (!instant) {
            auto error = std::move(instant).error();
            error.field = std::string(field);
            return error;
        }
        return *instant + within_minute;
    }
    int offset_minutes = 0;
    if (text[at] == 'Z' || text[at] == 'z') {
        if (at + 1 != text.size()) return malformed();
    } else if (text[at] == '+' || text[at] == '-') {
        int hours = 0, minutes_part = 0;
        if (!digits(text, at + 1, 2, hours) || text.size() != at + 6 || text[at + 3] != ':' ||
            !digits(text, at + 4, 2, minutes_part) || hours > 23 || minutes_part > 59)
            return malformed();
        offset_minutes = (hours * 60 + minutes_part) * (text[at] == '-' ? -1 : 1);
    } else {
        return malformed();
    }
    auto instant = to_utc(local, "UTC", WhenSkipped::refuse, WhenRepeated::refuse);
    if (!instant) {
        auto error = std::move(instant).error();
        error.field = std::string(field);
        return error;
    }
    return *instant + within_minute - Millis{offset_minutes} * 60'000;
}

}  // namespace chorus::publishing
