#include "core/clock.h"

#include <cstdio>
#include <ctime>

namespace chorus {

std::string format_utc(Millis at) {
    std::time_t seconds = static_cast<std::time_t>(at / 1000);
    int millis = static_cast<int>(at % 1000);
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buffer;
}

}  // namespace chorus
