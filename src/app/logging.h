#pragma once
// spdlog set up once for the process: human text by default, one JSON object per line with
// --log-format json. Nothing secret is ever passed to it: paths without query strings, no
// headers, no bodies.
#include <string_view>

#include "http/server.h"

namespace chorus::app {

enum class LogFormat { text, json };

void configure_logging(LogFormat format);
void log_access(const http::AccessRecord& record);
void log_info(std::string_view event, std::string_view detail);
void log_error(std::string_view event, std::string_view detail);

}  // namespace chorus::app
