#include "core/utf8.h"
#include "http/form_upload.h"
#include "http/api/routes.h"
#include "http/api/support.h"

namespace chorus::http::api {
namespace {

using media::MediaItem;

json::object media_json(const MediaItem& item) {
    json::array tags;
    for (const auto& tag : item.tags) tags.push_back(json::value(tag));
    return {{"id", item.id},
            {"brand_id", item.brand_id},
            {"kind", item.kind},
            {"mime", item.mime},
            {"size_bytes", item.size_bytes},
            {"width", item.width},
            {"height", item.height},
            {"frames", item.frames},
            {"duration_seconds", item.duration_ms ? json::value(static_cast<double>(*item.duration_ms) / 1000.0) : json::value(nullptr)},
            {"has_location", item.has_location},
            {"filename", item.filename},
            {"alt_text", item.alt_text},
            {"focus", item.focus.empty() ? json::value(nullptr) : json::value(item.focus)},
            {"folder", item.folder},
            {"tags", std::move(tags)},
            {"sha256", item.sha256},
            {"url", "/api/v1/media/" + item.id + "/file"},
            {"created_at", time_json(item.created_at)},
            {"updated_at", time_json(item.updated_at)}};
}

std::vector<std::string> split_tags(std::string_view text) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        tags.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return tags;
}

// A form's text field as JSON bodies take text: UTF-8 without NUL, or 400 naming the field
// (stored as it came, one bad byte would break every answer that lists it).
Result<std::string> text_field(std::string_view data, const std::string& field) {
    if (first_invalid_utf8_byte(data))
        return Error{ErrorKind::malformed, "invalid_utf8", field + " is not valid UTF-8", field, {}};
    if (data.find('\0') != std::string_view::npos)
        return Error{ErrorKind::malformed, "nul_character", field + " contains a NUL character", field, {}};
    return std::string(data);
}

Result<media::UploadInput> upload_from(const Request& request) {
    if (!request.form) return Error::internal("The upload route received no form");
    media::UploadInput input;
    for (const auto& [name, value] : request.form->fields) {
        if (name == "brand_id") input.brand_id = TRY(text_field(value, "brand_id"));
        else if (name == "alt_text") input.alt_text = TRY(text_field(value, "alt_text"));
        else if (name == "folder") input.folder = TRY(text_field(value, "folder"));
        else if (name == "tags") input.tags = split_tags(TRY(text_field(value, "tags")));
    }
    const auto& file = request.form->file;
    if (!file) return Error::invalid("file", "required", "Send the file in a form field named \"file\"");
    input.filename = TRY(text_field(file->filename, "file.filename"));
    input.path = file->file->path();
    input.size_bytes = file->size;
    return input;
}

Result<media::MediaChanges> media_changes(const json::object& body) {
    media::MediaChanges changes;
    changes.alt_text = TRY(optional_string(body, "alt_text"));
    if (auto focus = TRY(nullable_string(body, "focus"))) changes.focus = focus->value_or("");
    changes.folder = TRY(optional_string(body, "folder"));
    changes.tags = TRY(optional_string_array(body, "tags"));
    return changes;
}

}  // namespace

void add_media_routes(Router& router, ApiContext& context) {
    auto& library = context.media;
    // Streamed to disk as it arrives, and only for someone who may upload; a file of a kind no
    // network takes is refused after its first bytes, whatever its size.
    http::FormUpload upload;
    upload.body_limit_bytes = library.max_upload_bytes() + 64 * 1024;  // the form's own fields and boundaries
    upload.directory = library.incoming_directory();
    upload.admit = [&context](const Request& head) -> Result<void> {
        auto caller = TRY(authenticate(head, context));
        if (!is_at_least(caller.role, Role::contributor)) return Error::forbidden("Your role cannot upload media");
        return {};
    };
    upload.check_file_start = media::MediaLibrary::check_file_start;
    router.add_form_upload("POST", "/api/v1/media", authed(context, [&library](Request& request, const accounts::Principal& caller)
                                                               -> Result<Response> {
        auto uploaded = TRY(library.upload(caller, TRY(upload_from(request))));
        auto body = media_json(uploaded.item);
        body["duplicate"] = uploaded.duplicate;
        return json_response(uploaded.duplicate ? 200 : 201, body);
    }),
                           std::move(upload));
    router.add("GET", "/api/v1/media", authed(context, [&library](Request& request, const accounts::Principal& caller)
                                                  -> Result<Response> {
        auto page = TRY(page_from(request));
        media::MediaFilter filter{request.query_param("brand_id").value_or(""), request.query_param("folder").value_or(""),
                                  request.query_param("tag").value_or(""), request.query_param("kind").value_or("")};
        if (!filter.kind.empty() && filter.kind != "image" && filter.kind != "gif" && filter.kind != "video")
            return Error::invalid("kind", "unknown_kind", "kind must be image, gif or video");
        return json_response(200, page_json(TRY(library.list(caller, filter, page)), media_json));
    }));
    router.add("GET", "/api/v1/media/{id}", authed(context, [&library](Request& request, const accounts::Principal& caller)
                                                       -> Result<Response> {
        return json_response(200, media_json(TRY(library.get(caller, request.param("id")))));
    }));
    router.add("GET", "/api/v1/media/{id}/file", authed(context, [&library](Request& request, const accounts::Principal& caller)
                                                            -> Result<Response> {
        auto item = TRY(library.get(caller, request.param("id")));
        Response response;
        response.content_type = item.mime;
        response.body = TRY(library.original(item));
        response.headers.emplace_back("Cache-Control", "private, max-age=31536000, immutable");
        response.headers.emplace_back("X-Content-Type-Options", "nosniff");
        return response;
    }));
    router.add("GET", "/api/v1/media/{id}/renditions/{network}",
               authed(context, [&library](Request& request, const accounts::Principal& caller) -> Result<Response> {
                   auto item = TRY(library.get(caller, request.param("id")));
                   auto rendition = TRY(library.rendition(item, request.param("network")));
                   Response response;
                   response.content_type = rendition.mime;
                   response.body = std::move(rendition.bytes);
                   response.headers.emplace_back("X-Chorus-Rendition", rendition.is_original ? "original" : "converted");
                   response.headers.emplace_back("X-Chorus-Size", std::to_string(rendition.width) + "x" + std::to_string(rendition.height));
                   response.headers.emplace_back("X-Content-Type-Options", "nosniff");
                   return response;
               }));
    // No session here: the network downloading an attachment has none. The unguessable,
    // expiring name is the permission (media/shared_links.h).
    const auto& shared = context.shared_media;
    router.add("GET", std::string(media::SharedLinks::route_prefix) + "{name}", [&shared](Request& request) -> Response {
        auto file = shared.open(request.param("name"), now_millis());
        if (!file) return error_response(Error::not_found("shared media"));
        Response response;
        response.content_type = file->mime;
        response.body = std::move(file->bytes);
        response.headers.emplace_back("Cache-Control", "no-store");
        response.headers.emplace_back("X-Content-Type-Options", "nosniff");
        return response;
    });
    router.add("PATCH", "/api/v1/media/{id}", authed(context, [&library](Request& request, const accounts::Principal& caller)
                                                         -> Result<Response> {
        auto changes = TRY(media_changes(TRY(json_body(request))));
        return json_response(200, media_json(TRY(library.update(caller, request.param("id"), changes))));
    }));
    router.add("DELETE", "/api/v1/media/{id}", authed(context, [&library](Request& request, const accounts::Principal& caller)
                                                          -> Result<Response> {
        TRY(library.remove(caller, request.param("id")));
        return no_content();
    }));
}

}  // namespace chorus::http::api
