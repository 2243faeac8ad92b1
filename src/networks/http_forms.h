#pragma once
// The two request bodies networks take besides JSON: form-encoded fields (OAuth token
// endpoints, RFC 6749) and multipart/form-data with files (media uploads, RFC 7578).
#include <string>
#include <utility>
#include <vector>

namespace chorus::networks {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%20y": application/x-www-form-urlencoded, fields in the order given.
std::string form_encode(const FormFields& fields);

class Multipart {
public:
    Multipart();
    void field(const std::string& name, const std::string& value);
    void file(const std::string& name, const std::string& filename, const std::string& mime, const std::string& bytes);
    std::string content_type() const { return "multipart/form-data; boundary=" + boundary_; }
    // The body, closed; the builder is spent afterwards.
    std::string finish();

private:
    std::string boundary_;
    std::string body_;
};

}  // namespace chorus::networks
