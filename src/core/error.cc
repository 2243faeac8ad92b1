#include "core/error.h"

namespace chorus {

int http_status(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::malformed: return 400;
        case ErrorKind::unauthenticated: return 401;
        case ErrorKind::forbidden: return 403;
        case ErrorKind::not_found: return 404;
        case ErrorKind::method_not_allowed: return 405;
        case ErrorKind::conflict: return 409;
        case ErrorKind::too_large: return 413;
        case ErrorKind::unsupported_media_type: return 415;
        case ErrorKind::invalid: return 422;
        case ErrorKind::rate_limited: return 429;
        case ErrorKind::bad_gateway: return 502;
        case ErrorKind::unavailable: return 503;
        case ErrorKind::internal: return 500;
    }
    return 500;
}

}  // namespace chorus
