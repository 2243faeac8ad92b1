#include "oauth_fake_parts.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

namespace chorus::fakes {

http::Response oauth_error(int status, const std::string& code, const std::string& description) {
    return http::Response::json(status, boost::json::serialize(boost::json::object{{"error", code}, {"error_description", description}}));
}

http::Response redirect_to(const boost::urls::url& location) {
    http::Response redirect;
    redirect.status = 302;
    redirect.headers.emplace_back("Location", std::string(location.buffer()));
    return redirect;
}

std::map<std::string, std::string> form_fields(const std::string& body) {
    std::map<std::string, std::string> fields;
    boost::urls::encoding_opts form;
    form.space_as_plus = true;
    if (auto params = boost::urls::parse_query(body))
        for (auto param : *params) fields[param.key.decode(form)] = param.value.decode(form);
    return fields;
}

}  // namespace chorus::fakes
