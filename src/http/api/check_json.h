#pragma once
// The JSON form of a network check, shared by POST /api/v1/check and `chorus check --json`:
// {"network":"x","length":N,"limit":280,"unit":"…","valid":true,"problems":[…],"facets":[…]}
#include <string>

#include "networks/rules.h"

namespace chorus::http::api {

std::string check_to_json(const networks::Check& check);

}  // namespace chorus::http::api
