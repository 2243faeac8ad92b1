#include "networks/http_forms.h"

#include <boost/url.hpp>

#include "core/id.h"

namespace chorus::networks {

std::string form_encode(const FormFields& fields) {
    boost::urls::url url;
    for (const auto& [name, value] : fields) url.params().append({name, value});
    // boost::url encodes a space as %20, which form decoders accept as well as '+'.
    return std::string(url.encoded_query());
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
