#pragma once
// Posts and their per-channel targets: what the user writes and schedules. A post belongs
// to a brand and has one target per channel; a target may override the text and the
// network options. Drafts may be invalid (the user is still writing); scheduling checks
// every target against its network's rules and refuses with the target and rule named.
//
// Target states: draft → scheduled → publishing → published | failed | cancelled.
// Every change is recorded as a TargetEvent (the post's history).
#include <optional>
#include <string>
#include <vector>

#include "accounts/listing.h"
#include "accounts/principal.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace chorus::publishing {

struct TargetError {
    std::string error_class;  // auth, validation, rate_limited, transient, network_fault
    std::string code;
    std::string message;
    std::optional<std::int64_t> http_status;
};

struct PostMedia {
    std::string media_id;
    std::string kind;  // image, gif, video
    std::string mime;
    std::int64_t size_bytes = 0;
    int width = 0;
    int height = 0;
    std::optional<std::int64_t> duration_ms;
    std::string alt_text;
};

struct Target {
    std::string id;
    std::string channel_id;
    std::string network;
    std::optional<std::string> text;  // override; nullopt = the post's text
    std::optional<std::string> first_comment;
    std::optional<std::string> title;
    std::optional<std::string> link;
    std::optional<std::vector<std::string>> thread;  // override; nullopt = the post's thread
    std::string options = "{}";  // the network's options, a JSON object (networks/options.h)
    std::string channel_settings = "{}";  // what the channel's server allows (a Mastodon instance's limits)
    // Its own media (each with its alt text: the target's own where given, else the
    // library's); nullopt = the post's. An empty list: no media on this channel.
    std::optional<std::vector<PostMedia>> media;
    std::string status;
    std::optional<Millis> scheduled_at;  // this channel's time (the queue may give each its own)
    bool queued = false;                 // placed by the queue
    std::optional<Millis> run_at;        // when a worker may next take it (retries move it)
    std::int64_t attempts = 0;
    std::optional<std::string> remote_id;
    std::optional<std::string> remote_url;
    std::optional<Millis> published_at;
    std::optional<TargetError> error;
    Millis updated_at = 0;
};

struct TargetEvent {
    std::string id;
    std::string target_id;
    Millis at = 0;
    std::string kind;
    std::string status;
    std::string detail;
    std::optional<std::string> error_class;
    std::optional<std::int64_t> http_status;
};

// An attachment as the post shows it and the rules judge it.

struct Post {
    std::string id;
    std::string brand_id;
    std::string text;
    std::vector<std::string> thread;  // the parts after the first, where the network has threads
    std::optional<std::string> title;
    std::optional<std::string> link;
    std::optional<Millis> scheduled_at;  // the earliest of its targets' times
    std::string time_zone;
    std::optional<std::string> series_id;  // an occurrence of a recurring post
    std::vector<Target> targets;
    std::vector<PostMedia> media;
    std::vector<TargetEvent> history;  // filled by get() only
    Millis created_at = 0;
    Millis updated_at = 0;
};

// One of a target's own media: a file of the brand's library, with an alt text for this
// channel (nullopt: the library's).
struct TargetMediaInput {
    std::string media_id;
    std::optional<std::string> alt_text;
};

struct TargetInput {
    std::string channel_id;
    std::optional<std::string> text;
    std::optional<std::string> first_comment;
    std::optional<std::string> title;
    std::optional<std::string> link;
    std::optional<std::vector<std::string>> thread;
    std::optional<std::string> options;  // a JSON object's text
    std::optional<std::vector<TargetMediaInput>> media;  // nullopt: the post's
};

// draft: not scheduled; at_time: every target at scheduled_at; now: due at once; queue:
// each target in its channel's next free slot.
enum class When { draft, at_time, now, queue };

// For create, brand_id, text and targets are required. For update, absent fields stay.
struct PostInput {
    std::optional<std::string> brand_id;
    std::optional<std::string> text;
    std::optional<std::vector<std::string>> thread;
    std::optional<std::optional<std::string>> title;
    std::optional<std::optional<std::string>> link;
    std::optional<std::vector<TargetInput>> targets;
    std::optional<std::vector<std::string>> media_ids;  // from the brand's media library, in order
    std::optional<When> when;
    std::optional<std::string> scheduled_at;  // with When::at_time; parsed in the brand's zone
    std::optional<std::string> recurrence;    // an RRULE; scheduled_at gives the first local time (create only)
};

struct PostFilter {
    std::string brand_id;
    std::string channel_id;
    std::string status;                // posts with at least one target in this status
    std::optional<Millis> from, to;    // scheduled_at in [from, to)
    bool unscheduled = false;          // only posts without a time: drafts and ideas
};

// Shared by the publishing module.
// A target's idempotency key: chosen once, for its whole life, so every attempt, retry
// and reconciliation asks the network about the same key.
std::string new_idempotency_key();
// The post's own time is the earliest of its targets' (the calendar places it there).
void refresh_post_time(store::Transaction& tx, const std::string& post_id, Millis now);

// A day of a calendar month, in the brand's zone: its first posts in time order and how
// many more it has (of which `failed` have a failed target).
struct CalendarDay {
    std::string date;  // "2026-12-07"
    std::vector<Post> posts;
    int hidden = 0;
    int failed = 0;
};

class Posts {
public:
    explicit Posts(store::Store& store) : store_(store) {}

    Result<Post> create(const accounts::Principal& caller, const PostInput& input);
    Result<Post> get(const accounts::Principal& caller, const std::string& id);
    Result<accounts::Page<Post>> list(const accounts::Principal& caller, const PostFilter& filter,
                                      const accounts::PageRequest& page);
    // The scheduled posts of filter.brand_id in [from, to) by day, at most `per_day` a day
    // (a day only one over shows all): a month of a thousand posts in one small answer.
    Result<std::vector<CalendarDay>> days(const accounts::Principal& caller, const PostFilter& filter, int per_day);
    Result<Post> update(const accounts::Principal& caller, const std::string& id, const PostInput& input);
    // Refused while a target is being published; targets already published stay on their
    // networks.
    Result<void> remove(const accounts::Principal& caller, const std::string& id);

    // Every draft, scheduled or failed target becomes due now.
    Result<Post> publish_now(const accounts::Principal& caller, const std::string& id);
    // A failed or cancelled target is scheduled again now; its idempotency key is kept, so
    // an earlier attempt that did reach the network is found rather than repeated.
    Result<Post> retry_target(const accounts::Principal& caller, const std::string& post_id, const std::string& target_id);
    Result<Post> cancel_target(const accounts::Principal& caller, const std::string& post_id, const std::string& target_id);

private:
    store::Store& store_;
};

}  // namespace chorus::publishing
