#include "app/logging.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"

namespace chorus::app {
namespace {

LogFormat current_format = LogFormat::text;

void emit(spdlog::level::level_enum level, boost::json::object fields) {
    if (current_format == LogFormat::json) {
        fields.emplace("ts", format_utc(now_millis()));
        fields.emplace("level", spdlog::level::to_string_view(level).data());
        spdlog::log(level, "{}", boost::json::serialize(fields));
        return;
    }
    std::string line;
    for (const auto& [key, value] : fields) {
        if (!line.empty()) line += ' ';
        line += std::string(key) + '=' + (value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value));
    }
    spdlog::log(level, "{}", line);
}

}  // namespace

void configure_logging(LogFormat format) {
    current_format = format;
    auto logger = spdlog::stderr_logger_mt("chorus");
    logger->set_pattern(format == LogFormat::json ? "%v" : "%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::flush_on(spdlog::level::info);
}

void log_access(const http::AccessRecord& record) {
    emit(spdlog::level::info, {{"event", "request"},
                               {"method", record.method},
                               {"path", record.path},
                               {"status", record.status},
                               {"bytes", record.response_bytes},
                               {"duration_us", static_cast<std::int64_t>(record.duration_ms * 1000)},
                               {"remote", record.remote_address}});
}

void log_info(std::string_view event, std::string_view detail) {
    emit(spdlog::level::info, {{"event", event}, {"detail", detail}});
}

void log_error(std::string_view event, std::string_view detail) {
    emit(spdlog::level::err, {{"event", event}, {"detail", detail}});
}

}  // namespace chorus::app
