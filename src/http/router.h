#pragma once
// Maps "METHOD /path/{param}" to a handler. Unknown paths answer 404, known paths with the
// wrong method 405 with Allow, both in the API's error shape.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/form_upload.h"
#include "http/message.h"

namespace chorus::http {

using Handler = std::function<Response(Request&)>;

// How a handler may run. Blocking handlers (anything touching the store) run on the worker
// pool; inline ones are cheap, never block, and run on the I/O thread.
enum class Execution { blocking, inline_on_io };

class Router {
public:
    void add(std::string method, std::string pattern, Handler handler, Execution execution = Execution::blocking);
    // A route whose bodies may be larger than the server's default limit, held in memory.
    void add_upload(std::string method, std::string pattern, Handler handler, std::size_t body_limit_bytes);
    // A form upload, streamed: the handler finds request.form, its file already on disk.
    void add_form_upload(std::string method, std::string pattern, Handler handler, FormUpload upload);
    Response dispatch(Request& request) const;
    Execution execution_of(const Request& request) const;
    // The route's own body limit, when it has one (method and path are enough).
    std::optional<std::size_t> body_limit_of(const Request& request) const;
    const FormUpload* form_upload_of(const Request& request) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;  // "{name}" marks a parameter
        Handler handler;
        Execution execution;
        std::optional<std::size_t> body_limit;
        std::optional<FormUpload> form;
    };
    const Route* match(const Request& request, bool& path_known, std::string& allowed) const;

    std::vector<Route> routes_;
};

Response error_body(int status, std::string_view code, std::string_view message, std::string_view field = {});
// An Error as an answer: its kind's status, the error body, Retry-After when it has one.
Response error_response(const Error& error);

}  // namespace chorus::http
