#include "app/logging.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "core/clock.h"
#include "core/utf8.h"

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
        const auto line = with_valid_utf8(boost::json::serialize(boost::json::object{
            {"event", "log"},
            {"message", std::string_view(message.payload.data(), message.payload.size())},
            {"ts", format_utc(at)},
            {"level", spdlog::level::to_string_view(message.level).data()}}));
        dest.append(line.data(), line.data() + line.size());
        dest.push_back('\n');
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }
};

constexpr auto text_pattern = "%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v";

// In text mode the domain's messages may quote what outsiders sent (a handle, a network's
// error): their control characters and invalid bytes are escaped, so a message is one line
// that cannot pass for another.
class EscapedTextFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& dest) override {
        const auto escaped = escaped_for_log(std::string_view(message.payload.data(), message.payload.size()));
        spdlog::details::log_msg copy = message;
        copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
        pattern_.format(copy, dest);
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<EscapedTextFormatter>(); }

private:
    spdlog::pattern_formatter pattern_{text_pattern};
};

// A key=value value: as it is when it is one plain token, else quoted and escaped, so that
// no value can end the line or pose as another key.
std::string text_value(std::string_view value) {
    const bool plain = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return c > 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '=';
    });
    if (plain) return std::string(value);
    std::string quoted = "\"";
    for (char c : escaped_for_log(value)) quoted += c == '"' ? std::string("\\\"") : std::string(1, c);
    return quoted + '"';
}

void emit(spdlog::level::level_enum level, boost::json::object fields) {
    auto& logger = structured ? *structured : *spdlog::default_logger();
    if (current_format == LogFormat::json) {
        fields.emplace("ts", format_utc(now_millis()));
        fields.emplace("level", spdlog::level::to_string_view(level).data());
        logger.log(level, "{}", with_valid_utf8(boost::json::serialize(fields)));  // Boost.JSON copies bytes as they are
        return;
    }
    std::string line;
    for (const auto& [key, value] : fields) {
        if (!line.empty()) line += ' ';
        line += std::string(key) + '=' + (value.is_string() ? text_value(value.as_string()) : boost::json::serialize(value));
    }
    logger.log(level, "{}", line);
}

}  // namespace

void configure_logging(LogFormat format) {
    current_format = format;
    // A sink each: the formatter belongs to the sink. Both write whole lines to stderr, and
    // stdio locks the stream for each write, so their lines never interleave.
    structured = std::make_shared<spdlog::logger>("chorus", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    structured->set_pattern(format == LogFormat::json ? "%v" : text_pattern);
    structured->flush_on(spdlog::level::info);
    auto messages = std::make_shared<spdlog::logger>("chorus.messages", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    if (format == LogFormat::json) messages->set_formatter(std::make_unique<JsonLineFormatter>());
    else messages->set_formatter(std::make_unique<EscapedTextFormatter>());
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
