#include <boost/json.hpp>

#include "http/api/routes.h"
#include "http/api/support.h"

namespace chorus::http::api {
namespace {

using publishing::Slot;

std::string format_time(const Slot& slot) {
    char text[6];
    std::snprintf(text, sizeof text, "%02d:%02d", slot.hour, slot.minute);
    return text;
}

json::object queue_json(const publishing::ChannelQueue& queue) {
    json::array slots;
    for (const auto& slot : queue.slots)
        slots.push_back(json::object{{"day", publishing::weekday_name(slot.day)}, {"time", format_time(slot)}});
    return {{"channel_id", queue.channel_id},
            {"time_zone", queue.time_zone},
            {"slots", std::move(slots)},
            {"paused_at", optional_time_json(queue.paused_at)},
            {"paused_by", queue.paused_at ? json::value(queue.paused_by) : json::value(nullptr)},
            {"waiting", queue.waiting}};
}

Result<Slot> slot_from(const json::value& value, std::size_t index) {
    const std::string prefix = "slots[" + std::to_string(index) + "]";
    if (!value.is_object()) return Error::invalid(prefix, "must_be_object", "each slot is {\"day\": \"monday\", \"time\": \"09:00\"}");
    const auto& object = value.as_object();
    auto day = optional_string(object, "day");
    auto time = optional_string(object, "time");
    if (!day || !*day) return Error::invalid(prefix + ".day", "required", "day is required: monday … sunday");
    if (!time || !*time) return Error::invalid(prefix + ".time", "required", "time is required, as HH:MM");
    Slot slot;
    slot.day = TRY(publishing::parse_weekday(**day, prefix + ".day"));
    const auto& text = **time;
    if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
        !std::isdigit(static_cast<unsigned char>(text[1])) || !std::isdigit(static_cast<unsigned char>(text[3])) ||
        !std::isdigit(static_cast<unsigned char>(text[4])))
        return Error::invalid(prefix + ".time", "invalid_time", "time must be HH:MM, 00:00 to 23:59");
    slot.hour = (text[0] - '0') * 10 + (text[1] - '0');
    slot.minute = (text[3] - '0') * 10 + (text[4] - '0');
    if (slot.hour > 23 || slot.minute > 59) return Error::invalid(prefix + ".time", "invalid_time", "time must be HH:MM, 00:00 to 23:59");
    return slot;
}

}  // namespace

void add_queue_routes(Router& router, ApiContext& context) {
    auto& queues = context.queues;
    router.add("GET", "/api/v1/channels/{id}/slots", authed(context, [&queues](Request& request, const accounts::Principal& caller)
                                                                    -> Result<Response> {
        return json_response(200, queue_json(TRY(queues.get(caller, request.param("id")))));
    }));
    router.add("PUT", "/api/v1/channels/{id}/slots", authed(context, [&queues](Request& request, const accounts::Principal& caller)
                                                                    -> Result<Response> {
        auto body = TRY(json_body(request));
        auto it = body.find("slots");
        if (it == body.end() || !it->value().is_array())
            return Error::invalid("slots", "required", "slots must be an array of {\"day\", \"time\"}");
        std::vector<Slot> slots;
        std::size_t index = 0;
        for (const auto& item : it->value().as_array()) slots.push_back(TRY(slot_from(item, index++)));
        return json_response(200, queue_json(TRY(queues.set_slots(caller, request.param("id"), std::move(slots)))));
    }));
    router.add("POST", "/api/v1/channels/{id}/queue/requeue",
               authed(context, [&queues](Request& request, const accounts::Principal& caller) -> Result<Response> {
                   return json_response(200, json::object{{"moved", TRY(queues.requeue(caller, request.param("id")))}});
               }));
    router.add("POST", "/api/v1/channels/{id}/queue/shuffle",
               authed(context, [&queues](Request& request, const accounts::Principal& caller) -> Result<Response> {
                   return json_response(200, json::object{{"moved", TRY(queues.shuffle(caller, request.param("id")))}});
               }));
    router.add("POST", "/api/v1/channels/{id}/queue/pause",
               authed(context, [&queues](Request& request, const accounts::Principal& caller) -> Result<Response> {
                   return json_response(200, queue_json(TRY(queues.pause(caller, request.param("id")))));
               }));
    router.add("POST", "/api/v1/channels/{id}/queue/resume",
               authed(context, [&queues, wake = context.publishing_due_now](Request& request, const accounts::Principal& caller)
                                   -> Result<Response> {
                   const auto resumed = TRY(queues.resume(caller, request.param("id")));
                   if (resumed.due_now > 0 && wake) wake();
                   auto body = queue_json(TRY(queues.get(caller, request.param("id"))));
                   body["requeued"] = resumed.requeued;
                   body["due_now"] = resumed.due_now;
                   return json_response(200, std::move(body));
               }));
}

}  // namespace chorus::http::api
