#include "networks/http_forms.h"

#include <boost/url.hpp>

#include "core/id.h"

namespace chorus::networks {

std::string form_encode(const FormFields& fields) {
    // Everything but the unreserved characters is escaped, as browsers do: a query's own
    // rules would leave '[' and ']' (attached_media[0]) bare, which form decoders refuse.
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        out += boost::urls::encode(name, boost::urls::unreserved_chars);
        out += '=';
        out += boost::urls::encode(value, boost::urls::unreserved_chars);
    }
    return out;
}

Multipart::Multipart() : boundary_("chorus-" + random_secret(12)) {}

void Multipart::field(const std::string& name, const std::string& value) {
    body_ += "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

void Multipart::file(const std::string& name, const std::string& filename, const std::string& mime, const std::string& bytes) {
    body_ += "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
             "\"\r\nContent-Type: " + mime + "\r\n\r\n" + bytes + "\r\n";
}

std::string Multipart::finish() { return std::move(body_) + "--" + boundary_ + "--\r\n"; }

}  // namespace chorus::networks
