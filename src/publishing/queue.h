#pragma once
// Posting queues: each channel has weekly slots in its brand's time zone ("Mon 09:00,
// Wed 12:30"), and "add to queue" puts a post's target in the channel's next free slot.
// A slot is taken by any live or published target scheduled exactly then. Editing the
// slots re-flows the queued targets into the new slots in the order they had; shuffling
// re-flows them in a random order. Targets given an explicit time are never moved.
// Pausing a channel stops it publishing anything new (the job queue claims none of its
// scheduled targets); its slots pass without firing. Resuming re-flows the queued targets
// from now, so the queue does not catch up in a burst; posts given an explicit time that came
// due meanwhile go out at once (the paused queue says how many are waiting).
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "core/clock.h"
#include "core/result.h"
#include "publishing/local_time.h"
#include "store/store.h"

namespace chorus::publishing {

struct Slot {
    Weekday day = Weekday::monday;
    int hour = 9;
    int minute = 0;
};

struct ChannelQueue {
    std::string channel_id;
    std::string time_zone;
    std::vector<Slot> slots;  // by weekday, then time
    std::optional<Millis> paused_at;
    std::string paused_by;  // the member's name (or e-mail) who paused it
    int waiting = 0;        // while paused: targets past their time, held back
};

struct Resumed {
    int requeued = 0;  // queued targets placed in the next free slots
    int due_now = 0;   // targets with an explicit time that passed while paused: they go out now
};

// The next free slot of the channel strictly after `after`; invalid "queue" error when the
// channel has no slots. Used inside the transaction that schedules the target.
Result<Millis> next_free_slot(store::Transaction& tx, const std::string& channel_id, const std::string& time_zone, Millis after);

class Queues {
public:
    explicit Queues(store::Store& store) : store_(store) {}

    Result<ChannelQueue> get(const accounts::Principal& caller, const std::string& channel_id);
    // Replaces the slots and re-flows the channel's queued targets into them, in order.
    Result<ChannelQueue> set_slots(const accounts::Principal& caller, const std::string& channel_id, std::vector<Slot> slots);
    // Re-flows queued targets from now, closing gaps; returns how many were placed.
    Result<int> requeue(const accounts::Principal& caller, const std::string& channel_id);
    Result<int> shuffle(const accounts::Principal& caller, const std::string& channel_id);
    // Pausing a paused channel, or resuming a running one, changes nothing.
    Result<ChannelQueue> pause(const accounts::Principal& caller, const std::string& channel_id);
    Result<Resumed> resume(const accounts::Principal& caller, const std::string& channel_id);

private:
    Result<int> reflow(const accounts::Principal& caller, const std::string& channel_id, bool shuffled);

    store::Store& store_;
};

std::string_view weekday_name(Weekday day);
Result<Weekday> parse_weekday(std::string_view name, std::string_view field);

}  // namespace chorus::publishing
