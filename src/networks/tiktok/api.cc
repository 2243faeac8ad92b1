#include "networks/tiktok/api.h"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <string_view>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks::tiktok {
namespace {

namespace json = boost::json;

constexpr std::int64_t smallest_chunk = 5 * 1024 * 1024;  // "Chunks must be at least 5 MB"
constexpr Millis minute = 60'000;
constexpr Millis hour = 60 * minute;

// TikTok's error codes (API v2 error handling, direct post and photo post references) and
// what each means here. The HTTP status alone is not enough: a 403 may be a daily cap that
// passes or an account banned from posting.
struct KnownError {
    std::string_view tiktok_code;
    FailureClass kind;
    std::string_view code;
    Millis wait = 0;  // rate_limited: how long before trying again, when TikTok gives no time
};

constexpr std::array known_errors{
    KnownError{"access_token_invalid", FailureClass::auth, "token_invalid"},
    KnownError{"scope_not_authorized", FailureClass::auth, "missing_scope"},
    KnownError{"scope_permission_missed", FailureClass::auth, "missing_scope"},
    KnownError{"rate_limit_exceeded", FailureClass::rate_limited, "rate_limited", minute},  // per-minute windows
    KnownError{"spam_risk_too_many_posts", FailureClass::rate_limited, "daily_post_cap", hour},
    KnownError{"spam_risk_too_many_pending_share", FailureClass::rate_limited, "too_many_pending_posts", hour},
    KnownError{"reached_active_user_cap", FailureClass::rate_limited, "app_user_cap", hour},
    KnownError{"spam_risk_user_banned_from_posting", FailureClass::validation, "account_restricted"},
    KnownError{"unaudited_client_can_only_post_to_private_accounts", FailureClass::validation, "private_accounts_only"},
    KnownError{"privacy_level_option_mismatch", FailureClass::validation, "privacy_level_unavailable"},
    KnownError{"url_ownership_unverified", FailureClass::validation, "url_ownership_unverified"},
    KnownError{"app_version_check_failed", FailureClass::validation, "app_outdated"},
    KnownError{"invalid_file_upload", FailureClass::validation, "media_rejected"},
    KnownError{"file_format_check_failed", FailureClass::validation, "media_rejected"},
    KnownError{"duration_check_failed", FailureClass::validation, "media_rejected"},
    KnownError{"frame_rate_check_failed", FailureClass::validation, "media_rejected"},
    KnownError{"picture_size_check_failed", FailureClass::validation, "media_rejected"},
    // TikTok could not download what it was pointed at: usually our address being down for
    // a moment, so worth another try.
    KnownError{"video_pull_failed", FailureClass::transient, "media_pull_failed"},
    KnownError{"photo_pull_failed", FailureClass::transient, "media_pull_failed"},
    KnownError{"invalid_params", FailureClass::validation, "invalid_request"},
    KnownError{"internal_error", FailureClass::transient, "network_error"},
};

const KnownError* known(std::string_view tiktok_code) {
    // spam_risk_text, spam_risk_… : TikTok judged the content itself.
    static constexpr KnownError spam{"spam_risk", FailureClass::validation, "content_rejected"};
    for (const auto& error : known_errors)
        if (error.tiktok_code == tiktok_code) return &error;
    if (tiktok_code.starts_with("spam_risk")) return &spam;
    return nullptr;
}

std::string with_reference(std::string message, const std::string& tiktok_code, const std::string& log_id) {
    message += " (" + tiktok_code;
    if (!log_id.empty()) message += ", log_id " + log_id;
    return message + ")";
}

// `error` as it came in `response` (whose status and Retry-After count too).
Failure failure_of(const json::value* error, const HttpResponse& response, Millis now) {
    const auto tiktok_code = error ? string_at(*error, "code") : std::string();
    auto message = error ? string_at(*error, "message") : std::string();
    if (message.empty()) message = "TikTok answered " + std::to_string(response.status);
    const auto* meaning = known(tiktok_code);
    auto failure = status_failure(response, meaning ? std::string(meaning->code) : std::string(), message, now);
    if (!tiktok_code.empty()) failure.message = with_reference(failure.message, tiktok_code, error ? string_at(*error, "log_id") : "");
    if (meaning) {
        failure.kind = meaning->kind;
        failure.maybe_created = false;  // TikTok says what went wrong: nothing was made
        if (meaning->kind == FailureClass::transient && response.status >= 500) failure.maybe_created = true;
        if (meaning->kind == FailureClass::rate_limited && !failure.retry_at) failure.retry_at = now + meaning->wait;
    }
    return failure;
}

}  // namespace

Failure failure_from(const HttpResponse& response, Millis now) {
    const auto answer = parse_json(response.body);
    return failure_of(member(answer, "error"), response, now);
}

Failure failure_from_error(const json::value& error, Millis now) {
    HttpResponse answered;
    answered.status = 200;
    return failure_of(&error, answered, now);
}

ChunkPlan plan_chunks(std::int64_t size, std::int64_t chunk_size) {
    if (size < smallest_chunk || chunk_size >= size) return {size, 1};
    chunk_size = std::max(chunk_size, smallest_chunk);
    return {chunk_size, size / chunk_size};
}

std::vector<ByteRange> chunk_ranges(std::int64_t size, const ChunkPlan& plan) {
    std::vector<ByteRange> ranges;
    for (std::int64_t chunk = 0; chunk < plan.total_chunk_count; ++chunk) {
        const std::int64_t first = chunk * plan.chunk_size;
        const bool last_chunk = chunk + 1 == plan.total_chunk_count;
        ranges.push_back({first, last_chunk ? size - 1 : first + plan.chunk_size - 1});
    }
    return ranges;
}

Outcome<json::value> Api::post(const std::string& path, const std::string& token, const json::value& body, Effect effect) {
    auto built = request("POST", path, token);
    built.headers.emplace_back("Content-Type", "application/json; charset=UTF-8");
    if (!body.is_null()) built.body = json::serialize(body);
    built.idempotent = effect == Effect::reads;
    auto answer = call(std::move(built));
    if (!answer.ok() && effect == Effect::prepares) {
        auto failure = answer.failure();
        failure.maybe_created = false;
        return {failure, {}};
    }
    return data_of(std::move(answer), effect == Effect::creates);
}

Outcome<json::value> Api::get(const std::string& path, const std::string& token) { return data_of(call(request("GET", path, token)), false); }

Outcome<json::value> Api::data_of(Outcome<json::value> answer, bool creates) const {
    if (!answer.ok()) return answer;
    const auto* error = member(answer.get(), "error");
    const auto code = error ? string_at(*error, "code") : std::string();
    if (!code.empty() && code != "ok") return {failure_from_error(*error, now_millis()), {}};
    const auto* data = member(answer.get(), "data");
    if (!data || !data->is_object()) {
        auto failure = local_failure(FailureClass::transient, "unreadable_answer", "TikTok's answer had no data");
        failure.maybe_created = creates;
        return {failure, {}};
    }
    return {*data, {}};
}

}  // namespace chorus::networks::tiktok
