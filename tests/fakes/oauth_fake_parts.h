#pragma once
// What the OAuth sides of the contract fakes share: RFC 6749's error answer, the redirect
// back to the app, and the form a token request posts.
#include <boost/url/url.hpp>
#include <map>
#include <string>

#include "http/message.h"

namespace chorus::fakes {

// {"error": code, "error_description": description} (RFC 6749 §5.2).
http::Response oauth_error(int status, const std::string& code, const std::string& description);
http::Response redirect_to(const boost::urls::url& location);
// application/x-www-form-urlencoded fields ("+" read as a space).
std::map<std::string, std::string> form_fields(const std::string& body);

}  // namespace chorus::fakes
