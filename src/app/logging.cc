#include "app/logging.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "core/clock.h"

namespace chorus::app {
namespace {

LogFormat current_format = LogFormat::text;
// The lines log_* write, already whole (a JSON object, or key=value pairs).
std::shared_ptr<spdlog::logger> structured;

// In JSON mode every other line (the domain's spdlog::warn and info) becomes an object too,
// so that a log reader never meets a line it cannot parse.
class JsonLineFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& dest) override {
        const auto at = std::chrono::duration_cast<std::chrono::milliseconds>(message.time.time_since_epoch()).count();
        const auto line = boost::json::serialize(boost::json::object{
            {"event", "log"},
            {"message", std::string_view(message.payload.data(), message.payload.size())},
            {"ts", format_utc(at)},
            {"level", spdlog::level::to_string_view(message.level).data()}});
        dest.append(line.data(), line.data() + line.size());
        dest.push_back('\n');
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }
};

void emit(spdlog::level::level_enum level, boost::json::object fields) {
    auto& logger = structured ? *structured : *spdlog::default_logger();
    if (current_format == LogFormat::json) {
        fields.emplace("ts", format_utc(now_millis()));
        fields.emplace("level", spdlog::level::to_string_view(level).data());
        logger.log(level, "{}", boost::json::serialize(fields));
        return;
    }
    std::string line;
    for (const auto& [key, value] : fields) {
        if (!line.empty()) line += ' ';
        line += std::string(key) + '=' + (value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value));
    }
    logger.log(level, "{}", line);
}

}  // namespace

void configure_logging(LogFormat format) {
    current_format = format;
    // A sink each: the formatter belongs to the sink. Both write whole lines to stderr, and
    // stdio locks the stream for each write, so their lines never interleave.
    constexpr auto text_pattern = "%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v";
    structured = std::make_shared<spdlog::logger>("chorus", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    structured->set_pattern(format == LogFormat::json ? "%v" : text_pattern);
    structured->flush_on(spdlog::level::info);
    auto messages = std::make_shared<spdlog::logger>("chorus.messages", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    if (format == LogFormat::json) messages->set_formatter(std::make_unique<JsonLineFormatter>());
    else messages->set_pattern(text_pattern);
    messages->flush_on(spdlog::level::info);
    spdlog::set_default_logger(messages);
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
