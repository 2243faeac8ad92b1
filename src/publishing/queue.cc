#include "publishing/queue.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <set>

#include "publishing/posts.h"
#include "publishing/target_events.h"

namespace chorus::publishing {
namespace {

using store::Transaction;

constexpr std::size_t max_slots = 7 * 24;
constexpr int max_search = 5'000;  // slots looked at before giving up on a full queue

constexpr std::array<std::string_view, 7> weekday_names{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
                                                        "saturday"};

std::vector<Slot> load_slots(Transaction& tx, const std::string& channel_id) {
    std::vector<Slot> slots;
    for (const auto& row : tx.query("SELECT weekday, minute_of_day FROM channel_slots WHERE channel_id = $1 "
                                    "ORDER BY weekday, minute_of_day",
                                    {channel_id}))
        slots.push_back({static_cast<Weekday>(row.int64(0)), static_cast<int>(row.int64(1) / 60), static_cast<int>(row.int64(1) % 60)});
    return slots;
}

// Instants already taken on the channel after `after` (live or published targets).
std::set<Millis> taken_instants(Transaction& tx, const std::string& channel_id, Millis after, bool ignore_queued) {
    std::set<Millis> taken;
    std::string sql = "SELECT scheduled_at FROM post_targets WHERE channel_id = $1 AND scheduled_at > $2 "
                      "AND status IN ('scheduled', 'publishing', 'published')";
    if (ignore_queued) sql += " AND NOT (queued = 1 AND status = 'scheduled')";
    for (const auto& row : tx.query(sql, {channel_id, after})) taken.insert(row.int64(0));
    return taken;
}

Result<Millis> first_free(const std::vector<Slot>& slots, const std::string& time_zone, Millis after, const std::set<Millis>& taken) {
    if (slots.empty())
        return Error::invalid("queue", "no_slots", "This channel has no posting slots: add some, or choose a time");
    Millis cursor = after;
    for (int i = 0; i < max_search; ++i) {
        std::optional<Millis> earliest;
        for (const auto& slot : slots) {
            auto at = TRY(next_weekly_slot(slot.day, slot.hour, slot.minute, time_zone, cursor));
            if (!earliest || at < *earliest) earliest = at;
        }
        if (!taken.count(*earliest)) return *earliest;
        cursor = *earliest;
    }
    return Error::invalid("queue", "queue_full", "The next " + std::to_string(max_search) + " slots of this channel are all taken");
}

Result<std::string> channel_zone(Transaction& tx, const accounts::Principal& caller, const std::string& channel_id) {
    auto row = tx.query_one("SELECT b.time_zone FROM channels c JOIN brands b ON b.id = c.brand_id WHERE c.id = $1 AND c.org_id = $2",
                            {channel_id, caller.org_id});
    if (!row) return Error::not_found("channel");
    return row->text(0);
}

Result<void> require_editor(const accounts::Principal& caller) {
    if (is_at_least(caller.role, Role::editor)) return {};
    return Error::forbidden("Your role cannot change posting queues");
}

// The channel's targets past their time and not yet taken: what a paused channel holds back.
int count_due(Transaction& tx, const std::string& channel_id, Millis now) {
    auto due = tx.query_one("SELECT COUNT(*) FROM post_targets WHERE channel_id = $1 AND status = 'scheduled' AND run_at <= $2",
                            {channel_id, now});
    return due ? static_cast<int>(due->int64(0)) : 0;
}

// Places the channel's queued targets, in order (or shuffled), in the free slots from `now`.
// A target an attempt has already started keeps its time: it may be on the network, and its
// retry is the engine's to schedule.
Result<int> reflow_in(Transaction& tx, const accounts::Principal& caller, const std::string& channel_id, bool shuffled, Millis now) {
    auto zone = TRY(channel_zone(tx, caller, channel_id));
    auto slots = load_slots(tx, channel_id);
    struct Queued {
        std::string target_id, post_id;
    };
    std::vector<Queued> queued;
    for (const auto& row : tx.query("SELECT id, post_id FROM post_targets WHERE channel_id = $1 AND queued = 1 "
                                    "AND status = 'scheduled' AND attempts_started = 0 ORDER BY scheduled_at, id",
                                    {channel_id}))
        queued.push_back({row.text(0), row.text(1)});
    if (shuffled)
        for (std::size_t i = queued.size(); i > 1; --i)
            std::swap(queued[i - 1], queued[randombytes_uniform(static_cast<std::uint32_t>(i))]);
    auto taken = taken_instants(tx, channel_id, now, true);
    Millis after = now;
    for (const auto& item : queued) {
        const Millis at = TRY(first_free(slots, zone, after, taken));
        taken.insert(at);
        after = at;
        tx.execute("UPDATE post_targets SET scheduled_at = $2, run_at = $2, updated_at = $3 WHERE id = $1", {item.target_id, at, now});
        refresh_post_time(tx, item.post_id, now);
        record_event(tx, caller.org_id,
                     EventRecord{item.post_id, item.target_id, shuffled ? "shuffled" : "requeued", "scheduled",
                                 "queued for " + format_utc(at), {}, {}},
                     now);
    }
    return static_cast<int>(queued.size());
}

}  // namespace

std::string_view weekday_name(Weekday day) { return weekday_names[static_cast<std::size_t>(day)]; }

Result<Weekday> parse_weekday(std::string_view name, std::string_view field) {
    for (std::size_t i = 0; i < weekday_names.size(); ++i)
        if (weekday_names[i] == name) return static_cast<Weekday>(i);
    return Error::invalid(std::string(field), "invalid_weekday", "Use a weekday name in English, lower case: monday … sunday");
}

Result<Millis> next_free_slot(Transaction& tx, const std::string& channel_id, const std::string& time_zone, Millis after) {
    return first_free(load_slots(tx, channel_id), time_zone, after, taken_instants(tx, channel_id, after, false));
}

Result<ChannelQueue> Queues::get(const accounts::Principal& caller, const std::string& channel_id) {
    return store_.read([&](Transaction& tx) -> Result<ChannelQueue> {
        auto zone = TRY(channel_zone(tx, caller, channel_id));
        ChannelQueue queue{channel_id, zone, load_slots(tx, channel_id), {}, {}, 0};
        if (auto row = tx.query_one("SELECT c.paused_at, COALESCE(NULLIF(u.name, ''), u.email, '') FROM channels c "
                                    "LEFT JOIN users u ON u.id = c.paused_by WHERE c.id = $1",
                                    {channel_id})) {
            queue.paused_at = row->optional_int64(0);
            if (queue.paused_at) queue.paused_by = row->text(1);
        }
        if (queue.paused_at) queue.waiting = count_due(tx, channel_id, now_millis());
        return queue;
    });
}

Result<ChannelQueue> Queues::pause(const accounts::Principal& caller, const std::string& channel_id) {
    TRY(require_editor(caller));
    TRY(store_.write([&](Transaction& tx) -> Result<void> {
        TRY(channel_zone(tx, caller, channel_id));
        tx.execute("UPDATE channels SET paused_at = $2, paused_by = $3 WHERE id = $1 AND paused_at IS NULL",
                   {channel_id, now_millis(), caller.user_id});
        return {};
    }));
    return get(caller, channel_id);
}

Result<Resumed> Queues::resume(const accounts::Principal& caller, const std::string& channel_id) {
    TRY(require_editor(caller));
    const Millis now = now_millis();
    return store_.write([&](Transaction& tx) -> Result<Resumed> {
        TRY(channel_zone(tx, caller, channel_id));
        Resumed resumed;
        if (tx.execute("UPDATE channels SET paused_at = NULL, paused_by = NULL WHERE id = $1 AND paused_at IS NOT NULL",
                       {channel_id}) == 0)
            return resumed;
        // Without slots, queued targets keep their times (as when the slots are removed).
        if (!load_slots(tx, channel_id).empty()) resumed.requeued = TRY(reflow_in(tx, caller, channel_id, false, now));
        resumed.due_now = count_due(tx, channel_id, now);  // what is still past its time goes out now
        return resumed;
    });
}

Result<ChannelQueue> Queues::set_slots(const accounts::Principal& caller, const std::string& channel_id, std::vector<Slot> slots) {
    TRY(require_editor(caller));
    if (slots.size() > max_slots)
        return Error::invalid("slots", "too_many", "A channel can have at most " + std::to_string(max_slots) + " slots a week");
    for (std::size_t i = 0; i < slots.size(); ++i)
        if (slots[i].hour < 0 || slots[i].hour > 23 || slots[i].minute < 0 || slots[i].minute > 59)
            return Error::invalid("slots[" + std::to_string(i) + "].time", "invalid_time", "A slot's time is HH:MM, 00:00 to 23:59");
    TRY(store_.write([&](Transaction& tx) -> Result<void> {
        TRY(channel_zone(tx, caller, channel_id));
        tx.execute("DELETE FROM channel_slots WHERE channel_id = $1", {channel_id});
        std::set<std::pair<int, int>> seen;
        for (const auto& slot : slots) {
            const int minute_of_day = slot.hour * 60 + slot.minute;
            if (!seen.insert({static_cast<int>(slot.day), minute_of_day}).second) continue;  // a duplicate is the same slot
            tx.execute("INSERT INTO channel_slots (channel_id, org_id, weekday, minute_of_day) VALUES ($1, $2, $3, $4)",
                       {channel_id, caller.org_id, std::int64_t{static_cast<int>(slot.day)}, std::int64_t{minute_of_day}});
        }
        return {};
    }));
    // Queued posts follow the new slots; with no slots left they keep their times.
    if (!slots.empty()) TRY(reflow(caller, channel_id, false));
    return get(caller, channel_id);
}

Result<int> Queues::requeue(const accounts::Principal& caller, const std::string& channel_id) {
    return reflow(caller, channel_id, false);
}

Result<int> Queues::shuffle(const accounts::Principal& caller, const std::string& channel_id) {
    return reflow(caller, channel_id, true);
}

Result<int> Queues::reflow(const accounts::Principal& caller, const std::string& channel_id, bool shuffled) {
    TRY(require_editor(caller));
    const Millis now = now_millis();
    return store_.write([&](Transaction& tx) -> Result<int> { return reflow_in(tx, caller, channel_id, shuffled, now); });
}

}  // namespace chorus::publishing
