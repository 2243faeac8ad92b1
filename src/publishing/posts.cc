#include "publishing/posts.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/id.h"
#include "networks/rules.h"
#include "publishing/post_changes.h"
#include "publishing/post_content.h"
#include "publishing/local_time.h"
#include "publishing/queue.h"
#include "publishing/recurrence.h"
#include "publishing/series.h"
#include "publishing/target_events.h"

namespace chorus::publishing {
namespace {

using accounts::Principal;
using store::Row;
using store::Transaction;
using store::Value;


constexpr std::size_t max_media = 20;  // files per post, and per target

constexpr std::string_view post_columns =
    "SELECT id, brand_id, text, title, link, scheduled_at, time_zone, created_at, updated_at, series_id, thread FROM posts ";
constexpr std::string_view target_columns =
    "SELECT t.id, t.channel_id, c.network, t.text, t.first_comment, t.title, t.link, t.status, t.run_at, "
    "t.attempts_started, t.remote_id, t.remote_url, t.published_at, t.error_class, t.error_code, t.error_message, "
    "t.error_http_status, t.updated_at, t.scheduled_at, t.queued, t.thread, t.options, c.settings, t.own_media, t.post_id FROM post_targets t "
    "JOIN channels c ON c.id = t.channel_id ";


Post post_from(const Row& r) {
    Post post;
    post.id = r.text(0);
    post.brand_id = r.text(1);
    post.text = r.text(2);
    post.title = r.optional_text(3);
    post.link = r.optional_text(4);
    post.scheduled_at = r.optional_int64(5);
    post.time_zone = r.text(6);
    post.created_at = r.int64(7);
    post.updated_at = r.int64(8);
    post.series_id = r.optional_text(9);
    post.thread = thread_from(r.optional_text(10));
    return post;
}

Target target_from(const Row& r) {
    Target target;
    target.id = r.text(0);
    target.channel_id = r.text(1);
    target.network = r.text(2);
    target.text = r.optional_text(3);
    target.first_comment = r.optional_text(4);
    target.title = r.optional_text(5);
    target.link = r.optional_text(6);
    target.status = r.text(7);
    target.run_at = r.optional_int64(8);
    target.attempts = r.int64(9);
    target.remote_id = r.optional_text(10);
    target.remote_url = r.optional_text(11);
    target.published_at = r.optional_int64(12);
    if (auto error_class = r.optional_text(13))
        target.error = TargetError{*error_class, r.text(14), r.text(15), r.optional_int64(16)};
    target.updated_at = r.int64(17);
    target.scheduled_at = r.optional_int64(18);
    target.queued = r.int64(19) != 0;
    if (auto thread = r.optional_text(20)) target.thread = thread_from(thread);
    target.options = r.optional_text(21).value_or("{}");
    target.channel_settings = r.text(22);
    if (r.int64(23) != 0) target.media.emplace();  // filled by load_targets
    return target;
}

bool editable(const std::string& status) { return status == "draft" || status == "scheduled" || status == "failed" || status == "cancelled"; }

Result<void> require(const Principal& caller, Role role, std::string_view action) {
    if (is_at_least(caller.role, role)) return {};
    return Error::forbidden("Your role cannot " + std::string(action));
}

// The one rule for every write to a post: a contributor drafts, and once any target of the
// post has left the draft state (scheduled, going out, out, failed or cancelled by someone
// who may publish), only an editor may change it, take it off the schedule or delete it.
Result<void> may_change(const Principal& caller, const Post& post, std::string_view action) {
    if (is_at_least(caller.role, Role::editor)) return {};
    TRY(require(caller, Role::contributor, action));
    for (const auto& target : post.targets)
        if (target.status != "draft")
            return Error::forbidden("Only an editor can " + std::string(action) + " once it is " + target.status +
                                    " on a channel; ask one, or duplicate it as a draft");
    return {};
}

// A library file as a post carries it; the alt text comes last, since a target may have its own.
constexpr std::string_view media_columns = "SELECT m.id, m.kind, m.mime, m.size_bytes, m.width, m.height, m.duration_ms, ";

PostMedia media_from(const Row& r) {
    return {r.text(0), r.text(1), r.text(2), r.int64(3), static_cast<int>(r.int64(4)), static_cast<int>(r.int64(5)), r.optional_int64(6),
            r.text(7)};
}

std::vector<PostMedia> load_target_media(Transaction& tx, const std::string& target_id) {
    std::vector<PostMedia> media;
    for (const auto& r : tx.query(std::string(media_columns) +
                                      "COALESCE(tm.alt_text, m.alt_text) FROM target_media tm JOIN media m ON m.id = tm.media_id "
                                      "WHERE tm.target_id = $1 ORDER BY tm.position",
                                  {target_id}))
        media.push_back(media_from(r));
    return media;
}

std::vector<Target> load_targets(Transaction& tx, const std::string& post_id) {
    std::vector<Target> targets;
    for (const auto& row : tx.query(std::string(target_columns) + "WHERE t.post_id = $1 ORDER BY t.id", {post_id}))
        targets.push_back(target_from(row));
    for (auto& target : targets)
        if (target.media) target.media = load_target_media(tx, target.id);
    return targets;
}

std::vector<PostMedia> load_media(Transaction& tx, const std::string& post_id) {
    std::vector<PostMedia> media;
    for (const auto& r : tx.query(std::string(media_columns) +
                                      "m.alt_text FROM post_media pm JOIN media m ON m.id = pm.media_id WHERE pm.post_id = $1 ORDER BY pm.position",
                                  {post_id}))
        media.push_back(media_from(r));
    return media;
}

// A page of posts with their targets and files: a statement per batch of posts and one per
// batch of targets with their own files, instead of two or more per post (a calendar month
// lists hundreds).
void load_targets_and_media(Transaction& tx, std::vector<Post>& posts) {
    std::map<std::string, Post*, std::less<>> post_by_id;
    std::vector<std::string> post_ids;
    for (auto& post : posts) {
        post_by_id[post.id] = &post;
        post_ids.push_back(post.id);
    }
    for (const auto& row : store::query_in(tx, std::string(target_columns) + "WHERE t.post_id IN ", post_ids, " ORDER BY t.id"))
        post_by_id.at(row.text(24))->targets.push_back(target_from(row));
    for (const auto& row : store::query_in(tx, std::string(media_columns) + "m.alt_text, pm.post_id FROM post_media pm "
                                               "JOIN media m ON m.id = pm.media_id WHERE pm.post_id IN ",
                                           post_ids, " ORDER BY pm.post_id, pm.position"))
        post_by_id.at(row.text(8))->media.push_back(media_from(row));
    std::map<std::string, Target*, std::less<>> own_media_targets;
    std::vector<std::string> target_ids;
    for (auto& post : posts)
        for (auto& target : post.targets)
            if (target.media) {
                own_media_targets[target.id] = &target;
                target_ids.push_back(target.id);
            }
    for (const auto& row : store::query_in(tx, std::string(media_columns) + "COALESCE(tm.alt_text, m.alt_text), tm.target_id "
                                               "FROM target_media tm JOIN media m ON m.id = tm.media_id WHERE tm.target_id IN ",
                                           target_ids, " ORDER BY tm.target_id, tm.position"))
        own_media_targets.at(row.text(8))->media->push_back(media_from(row));
}

// A target's own media as given (nullopt: it goes back to the post's), already checked to
// be the brand's (check_target_media).
void save_target_media(Transaction& tx, Target& target, const std::optional<std::vector<TargetMediaInput>>& media) {
    tx.execute("DELETE FROM target_media WHERE target_id = $1", {target.id});
    tx.execute("UPDATE post_targets SET own_media = $2 WHERE id = $1", {target.id, std::int64_t{media ? 1 : 0}});
    if (!media) {
        target.media.reset();
        return;
    }
    for (std::size_t i = 0; i < media->size(); ++i)
        tx.execute("INSERT INTO target_media (target_id, position, media_id, alt_text) VALUES ($1, $2, $3, $4)",
                   {target.id, static_cast<std::int64_t>(i), (*media)[i].media_id, store::nullable((*media)[i].alt_text)});
    target.media = load_target_media(tx, target.id);
}

// Files a post or one of its targets carries: at most max_media, each the brand's. A
// refusal names `field` or its item: field[i] followed by item_suffix (".media_id").
Result<void> check_library_files(Transaction& tx, const Principal& caller, const std::string& brand_id, const std::string& field,
                                 const std::vector<std::string>& media_ids, std::string_view item_suffix = {}) {
    if (media_ids.size() > max_media) return Error::invalid(field, "too_many", "A post can carry at most 20 files");
    for (std::size_t i = 0; i < media_ids.size(); ++i)
        if (!tx.query_one("SELECT 1 FROM media WHERE id = $1 AND org_id = $2 AND brand_id = $3", {media_ids[i], caller.org_id, brand_id}))
            return Error::invalid(field + "[" + std::to_string(i) + "]" + std::string(item_suffix), "unknown_media",
                                  "This is not a file in the brand's media library");
    return {};
}

// Replaces the post's media with these library items, which must be the brand's.
Result<void> save_media(Transaction& tx, const Principal& caller, Post& post, const std::vector<std::string>& media_ids) {
    TRY(check_library_files(tx, caller, post.brand_id, "media_ids", media_ids));
    tx.execute("DELETE FROM post_media WHERE post_id = $1", {post.id});
    for (std::size_t i = 0; i < media_ids.size(); ++i)
        tx.execute("INSERT INTO post_media (post_id, position, media_id) VALUES ($1, $2, $3)",
                   {post.id, static_cast<std::int64_t>(i), media_ids[i]});
    post.media = load_media(tx, post.id);
    return {};
}

Result<Post> load_post(Transaction& tx, const Principal& caller, const std::string& id, bool with_history) {
    auto row = tx.query_one(std::string(post_columns) + "WHERE id = $1 AND org_id = $2", {id, caller.org_id});
    if (!row) return Error::not_found("post");
    Post post = post_from(*row);
    post.targets = load_targets(tx, id);
    post.media = load_media(tx, id);
    if (with_history) post.history = load_history(tx, id);
    return post;
}

// Where a target stands in time: when it was scheduled for, and when it may next run.
struct Timing {
    std::optional<Millis> scheduled_at;
    std::optional<Millis> run_at;
    bool queued = false;
};

void set_status(Transaction& tx, const Principal& caller, const Post& post, Target& target, const std::string& status,
                Timing timing, std::string kind, std::string detail, Millis now) {
    tx.execute("UPDATE post_targets SET status = $2, scheduled_at = $3, run_at = $4, queued = $5, updated_at = $6, "
               "error_class = NULL, error_code = NULL, error_message = NULL, error_http_status = NULL WHERE id = $1",
               {target.id, status, store::nullable(timing.scheduled_at), store::nullable(timing.run_at),
                std::int64_t{timing.queued ? 1 : 0}, now});
    record_event(tx, caller.org_id, EventRecord{post.id, target.id, std::move(kind), status, std::move(detail), {}, {}}, now);
    target.status = status;
    target.scheduled_at = timing.scheduled_at;
    target.run_at = timing.run_at;
    target.queued = timing.queued;
    target.error.reset();
}

void sync_post_time(Transaction& tx, Post& post, Millis now) {
    refresh_post_time(tx, post.id, now);
    post.scheduled_at = tx.query_one("SELECT scheduled_at FROM posts WHERE id = $1", {post.id})->optional_int64(0);
}

// Puts every reached target of the post in the state `when` asks for.
Result<void> apply_when(Transaction& tx, const Principal& caller, Post& post, When when, Reach reach, Millis now) {
    if (when != When::draft) {
        TRY(require(caller, Role::editor, "schedule or publish posts"));
        TRY(validate_for_publishing(post, reach));
    }
    for (auto& target : post.targets) {
        if (!reached(target, reach)) continue;
        switch (when) {
            case When::draft:
                if (target.status != "draft") set_status(tx, caller, post, target, "draft", {}, "unscheduled", "", now);
                break;
            case When::now:
                set_status(tx, caller, post, target, "scheduled", {now, now, false}, "publish_now", "publish now", now);
                break;
            case When::at_time:
                if (target.status != "scheduled" || target.scheduled_at != post.scheduled_at || target.queued)
                    set_status(tx, caller, post, target, "scheduled", {post.scheduled_at, post.scheduled_at, false}, "scheduled",
                               "scheduled for " + format_utc(*post.scheduled_at), now);
                break;
            case When::queue: {
                auto slot = next_free_slot(tx, target.channel_id, post.time_zone, now);
                if (!slot) {
                    Error error = std::move(slot).error();
                    error.message = target.network + " channel " + target.channel_id + ": " + error.message;
                    return error;
                }
                set_status(tx, caller, post, target, "scheduled", {*slot, *slot, true}, "queued", "queued for " + format_utc(*slot), now);
                break;
            }
        }
    }
    if (when == When::queue || when == When::now) sync_post_time(tx, post, now);
    return {};
}

// A target's own media must be files of the brand's library.
Result<void> check_target_media(Transaction& tx, const Principal& caller, const std::string& brand_id, std::size_t index,
                                const TargetInput& target) {
    if (!target.media) return {};
    std::vector<std::string> media_ids;
    for (const auto& item : *target.media) media_ids.push_back(item.media_id);
    return check_library_files(tx, caller, brand_id, "targets[" + std::to_string(index) + "].media", media_ids, ".media_id");
}

// What a target needs to know of its channel.
struct ChannelFacts {
    std::string network;
    std::string settings;
};

Result<std::map<std::string, ChannelFacts>> channel_facts(Transaction& tx, const Principal& caller, const std::string& brand_id,
                                                          const std::vector<TargetInput>& targets) {
    std::map<std::string, ChannelFacts> channels;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        auto row = tx.query_one("SELECT network, settings FROM channels WHERE id = $1 AND org_id = $2 AND brand_id = $3",
                                {targets[i].channel_id, caller.org_id, brand_id});
        if (!row)
            return Error::invalid("targets[" + std::to_string(i) + "].channel_id", "unknown_channel",
                                  "channel_id does not name a channel of this brand");
        channels[targets[i].channel_id] = ChannelFacts{row->text(0), row->text(1)};
        TRY(check_target_options(i, row->text(0), targets[i]));
        TRY(check_target_media(tx, caller, brand_id, i, targets[i]));
    }
    return channels;
}

Value thread_value(const std::vector<std::string>& thread) { return thread.empty() ? Value{nullptr} : Value{thread_json(thread)}; }
// A target's own thread, even an empty one, overrides the post's; NULL inherits it.
Value thread_value(const std::optional<std::vector<std::string>>& thread) {
    return thread ? Value{thread_json(*thread)} : Value{nullptr};
}

void insert_target(Transaction& tx, const Principal& caller, Post& post, const TargetInput& input, const ChannelFacts& channel,
                   Millis now) {
    Target target;
    target.id = new_id("target");
    target.channel_id = input.channel_id;
    target.network = channel.network;
    target.channel_settings = channel.settings;
    target.text = input.text;
    target.first_comment = input.first_comment;
    target.title = input.title;
    target.link = input.link;
    target.thread = input.thread;
    target.options = input.options.value_or("{}");
    target.status = "draft";
    target.updated_at = now;
    tx.execute("INSERT INTO post_targets (id, org_id, post_id, channel_id, text, first_comment, title, link, thread, options, status, "
               "idempotency_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $12)",
               {target.id, caller.org_id, post.id, target.channel_id, store::nullable(target.text),
                store::nullable(target.first_comment), store::nullable(target.title), store::nullable(target.link),
                thread_value(target.thread), target.options, new_idempotency_key(), now});
    if (input.media) save_target_media(tx, target, input.media);
    record_event(tx, caller.org_id, EventRecord{post.id, target.id, "created", "draft", "", {}, {}}, now);
    post.targets.push_back(std::move(target));
}

void update_target_fields(Transaction& tx, Target& target, const TargetInput& input, Millis now) {
    target.text = input.text;
    target.first_comment = input.first_comment;
    target.title = input.title;
    target.link = input.link;
    target.thread = input.thread;
    target.options = input.options.value_or("{}");
    tx.execute("UPDATE post_targets SET text = $2, first_comment = $3, title = $4, link = $5, thread = $6, options = $7, updated_at = $8 "
               "WHERE id = $1",
               {target.id, store::nullable(target.text), store::nullable(target.first_comment), store::nullable(target.title),
                store::nullable(target.link), thread_value(target.thread), target.options, now});
    save_target_media(tx, target, input.media);
}

Result<void> resolve_schedule(Post& post, const PostInput& input) {
    if (input.when != When::at_time) return {};
    if (!input.scheduled_at) return Error::invalid("scheduled_at", "required", "scheduled_at is required to schedule a post");
    post.scheduled_at = TRY(parse_time(*input.scheduled_at, post.time_zone, "scheduled_at"));
    return {};
}

// Loads the post, finds one of its targets and applies `change` to it in one transaction.
template <class Change>
Result<Post> change_target(store::Store& store, const Principal& caller, const std::string& post_id, const std::string& target_id,
                           Change change) {
    const Millis now = now_millis();
    return store.write([&](Transaction& tx) -> Result<Post> {
        auto post = TRY(load_post(tx, caller, post_id, false));
        auto target = std::find_if(post.targets.begin(), post.targets.end(), [&](const Target& t) { return t.id == target_id; });
        if (target == post.targets.end()) return Error::not_found("target");
        TRY(may_change(caller, post, "change this post"));
        TRY(change(tx, post, *target, now));
        post.history = load_history(tx, post.id);
        return post;
    });
}

}  // namespace

// A ULID: unique, and it carries the time it was chosen, which connectors whose networks
// want time-ordered keys (Bluesky's TIDs) derive theirs from.
std::string new_idempotency_key() { return new_id("publish"); }

void refresh_post_time(Transaction& tx, const std::string& post_id, Millis now) {
    tx.execute("UPDATE posts SET scheduled_at = (SELECT MIN(scheduled_at) FROM post_targets WHERE post_id = $1), updated_at = $2 "
               "WHERE id = $1",
               {post_id, now});
}

Result<Post> Posts::create(const Principal& caller, const PostInput& input) {
    TRY(require(caller, Role::contributor, "write posts"));
    if (!input.brand_id) return Error::invalid("brand_id", "required", "brand_id is required");
    if (!input.text) return Error::invalid("text", "required", "text is required (it may be empty when media is attached)");
    if (!input.targets) return Error::invalid("targets", "required", "targets is required: the channels to publish to");
    TRY(check_input_shapes(input));
    const Millis now = now_millis();
    return store_.write([&](Transaction& tx) -> Result<Post> {
        auto brand = tx.query_one("SELECT time_zone FROM brands WHERE id = $1 AND org_id = $2", {*input.brand_id, caller.org_id});
        if (!brand) return Error::invalid("brand_id", "unknown_brand", "brand_id does not name a brand of this organisation");
        auto channels = TRY(channel_facts(tx, caller, *input.brand_id, *input.targets));
        Post post;
        post.id = new_id("post");
        post.brand_id = *input.brand_id;
        post.text = *input.text;
        post.thread = input.thread.value_or(std::vector<std::string>{});
        post.title = input.title.value_or(std::nullopt);
        post.link = input.link.value_or(std::nullopt);
        post.time_zone = brand->text(0);
        post.created_at = post.updated_at = now;
        TRY(resolve_schedule(post, input));
        std::optional<LocalDateTime> series_start;
        if (input.recurrence) {
            if (input.when != When::at_time)
                return Error::invalid("recurrence", "needs_time", "A recurring post needs scheduled_at: the time of its first occurrence");
            TRY(check_rule(*input.recurrence, "recurrence"));
            series_start = TRY(to_local(*post.scheduled_at, post.time_zone));
            post.scheduled_at = TRY(first_occurrence(*input.recurrence, *series_start, post.time_zone));
        }
        tx.execute("INSERT INTO posts (id, org_id, brand_id, text, thread, title, link, scheduled_at, time_zone, created_by, created_at, "
                   "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
                   {post.id, caller.org_id, post.brand_id, post.text, thread_value(post.thread), store::nullable(post.title),
                    store::nullable(post.link), store::nullable(post.scheduled_at), post.time_zone, caller.user_id, now});
        for (const auto& target : *input.targets) insert_target(tx, caller, post, target, channels.at(target.channel_id), now);
        if (input.media_ids) TRY(save_media(tx, caller, post, *input.media_ids));
        TRY(apply_when(tx, caller, post, input.when.value_or(When::draft), Reach::everything_editable, now));
        if (series_start) {
            post.series_id = TRY(start_series(tx, caller, post.id, post.brand_id, *input.recurrence, *series_start, post.time_zone,
                                              *post.scheduled_at, now));
            TRY(extend_series(tx, *post.series_id, now + series_horizon, now));
        }
        post.history = load_history(tx, post.id);
        return post;
    });
}

Result<Post> Posts::get(const Principal& caller, const std::string& id) {
    return store_.read([&](Transaction& tx) { return load_post(tx, caller, id, true); });
}

namespace {

// The filter as " AND …" conditions on posts, numbering its parameters after `params`.
std::string filter_conditions(const PostFilter& filter, std::vector<Value>& params) {
    std::string sql;
    auto add = [&](std::string condition, Value value) {
        params.push_back(std::move(value));
        auto at = condition.find('?');
        condition.replace(at, 1, "$" + std::to_string(params.size()));
        sql += " AND " + condition;
    };
    if (!filter.brand_id.empty()) add("brand_id = ?", filter.brand_id);
    if (filter.from) add("scheduled_at >= ?", *filter.from);
    if (filter.to) add("scheduled_at < ?", *filter.to);
    if (filter.unscheduled) sql += " AND scheduled_at IS NULL";
    if (!filter.channel_id.empty())
        add("EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = posts.id AND t.channel_id = ?)", filter.channel_id);
    if (!filter.status.empty())
        add("EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = posts.id AND t.status = ?)", filter.status);
    return sql;
}

}  // namespace

Result<accounts::Page<Post>> Posts::list(const Principal& caller, const PostFilter& filter, const accounts::PageRequest& page) {
    std::vector<Value> params{caller.org_id, page.cursor, std::int64_t{page.limit + 1}};
    const std::string sql = std::string(post_columns) + "WHERE org_id = $1 AND id > $2" + filter_conditions(filter, params) +
                            " ORDER BY id LIMIT $3";
    return store_.read([&](Transaction& tx) -> Result<accounts::Page<Post>> {
        std::vector<Post> posts;
        for (const auto& row : tx.query(sql, params)) posts.push_back(post_from(row));
        load_targets_and_media(tx, posts);
        return accounts::make_page(std::move(posts), page.limit, [](const Post& p) { return p.id; });
    });
}

Result<std::vector<CalendarDay>> Posts::days(const Principal& caller, const PostFilter& filter, int per_day) {
    std::vector<Value> params{caller.org_id};
    // "Failed" as the calendar filters: a failed target on the channel asked for, if one is.
    std::string failed = "EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = posts.id AND t.status = 'failed'";
    if (!filter.channel_id.empty()) {
        params.push_back(filter.channel_id);
        failed += " AND t.channel_id = $2";
    }
    const std::string sql = "SELECT id, scheduled_at, " + failed + ") FROM posts WHERE org_id = $1 AND scheduled_at IS NOT NULL" +
                            filter_conditions(filter, params) + " ORDER BY scheduled_at, id";
    return store_.read([&](Transaction& tx) -> Result<std::vector<CalendarDay>> {
        auto brand = tx.query_one("SELECT time_zone FROM brands WHERE id = $1 AND org_id = $2", {filter.brand_id, caller.org_id});
        if (!brand) return Error::not_found("brand");
        const std::string zone = brand->text(0);
        struct Entry {
            std::string id;
            bool failed;
        };
        // By date, not by run: where clocks go back at midnight, a date comes round twice.
        std::map<std::string, std::vector<Entry>> by_day;
        for (const auto& row : tx.query(sql, params)) {
            const auto local = TRY(to_local(row.int64(1), zone));
            char date[11];
            std::snprintf(date, sizeof date, "%04d-%02d-%02d", local.year, local.month, local.day);
            by_day[date].push_back({row.text(0), row.int64(2) != 0});
        }
        std::vector<CalendarDay> days;
        std::vector<std::string> shown;
        for (const auto& [date, entries] : by_day) {
            const std::size_t drawn = entries.size() <= static_cast<std::size_t>(per_day) + 1 ? entries.size() : per_day;
            CalendarDay day{date, {}, static_cast<int>(entries.size() - drawn), 0};
            for (std::size_t i = 0; i < entries.size(); ++i)
                if (i < drawn) shown.push_back(entries[i].id);
                else day.failed += entries[i].failed ? 1 : 0;
            days.push_back(std::move(day));
        }
        std::vector<Post> posts;
        for (const auto& row : store::query_in(tx, std::string(post_columns) + "WHERE id IN ", shown)) posts.push_back(post_from(row));
        load_targets_and_media(tx, posts);
        std::map<std::string, Post> by_id;
        for (auto& post : posts) by_id.emplace(post.id, std::move(post));
        auto day = days.begin();
        for (const auto& [date, entries] : by_day) {  // the same days, in the same order
            for (std::size_t i = 0; i < entries.size() - static_cast<std::size_t>(day->hidden); ++i)
                if (auto post = by_id.find(entries[i].id); post != by_id.end()) day->posts.push_back(std::move(post->second));  // not deleted meanwhile
            ++day;
        }
        return days;
    });
}

namespace {

// Each channel's history says what an edit changed in what it will publish, and who did it.
void record_edits(Transaction& tx, const Principal& caller, const Post& before, const Post& after, Millis now) {
    std::string by;
    for (const auto& target : after.targets) {
        auto was = std::find_if(before.targets.begin(), before.targets.end(), [&](const Target& t) { return t.id == target.id; });
        if (was == before.targets.end()) continue;  // added by this edit: its history starts with "created"
        if (!editable(was->status)) continue;       // already out (or going): the edit did not reach it
        const auto changes = changes_seen_by(before, *was, after, target);
        if (changes.empty()) continue;
        if (by.empty())
            if (auto row = tx.query_one("SELECT COALESCE(NULLIF(name, ''), email) FROM users WHERE id = $1", {caller.user_id}))
                by = row->text(0);
        record_event(tx, caller.org_id, EventRecord{after.id, target.id, "edited", target.status, describe_changes(changes, by), {}, {}},
                     now);
    }
}

}  // namespace

Result<Post> Posts::update(const Principal& caller, const std::string& id, const PostInput& input) {
    TRY(require(caller, Role::contributor, "edit posts"));
    if (input.recurrence)
        return Error::invalid("recurrence", "immutable", "The rule of a recurring post is set when it is created; stop the series and start a new one");
    TRY(check_input_shapes(input));
    const Millis now = now_millis();
    return store_.write([&](Transaction& tx) -> Result<Post> {
        auto post = TRY(load_post(tx, caller, id, false));
        TRY(may_change(caller, post, "edit this post"));
        const Post before = post;
        // A client that sends the whole post back names its brand: only another brand is a move.
        if (input.brand_id && *input.brand_id != post.brand_id)
            return Error::invalid("brand_id", "immutable", "A post cannot move to another brand; duplicate it instead");
        for (const auto& target : post.targets)
            if (target.status == "publishing")
                return Error::conflict("publishing_now", "A target of this post is being published right now; try again in a moment");
        if (input.text) post.text = *input.text;
        if (input.thread) post.thread = *input.thread;
        if (input.title) post.title = *input.title;
        if (input.link) post.link = *input.link;
        TRY(resolve_schedule(post, input));
        if (input.when == When::draft) post.scheduled_at.reset();
        if (input.targets) {
            auto channels = TRY(channel_facts(tx, caller, post.brand_id, *input.targets));
            std::map<std::string, const TargetInput*> wanted;
            for (const auto& target : *input.targets) wanted[target.channel_id] = &target;
            std::vector<Target> kept;
            for (auto& target : post.targets) {
                auto it = wanted.find(target.channel_id);
                if (it == wanted.end()) {
                    if (target.status == "published")
                        return Error::conflict("already_published",
                                               "A channel this post was already published to cannot be removed from it", "targets");
                    tx.execute("DELETE FROM post_targets WHERE id = $1", {target.id});
                    continue;
                }
                if (editable(target.status)) update_target_fields(tx, target, *it->second, now);
                wanted.erase(it);
                kept.push_back(std::move(target));
            }
            post.targets = std::move(kept);
            for (const auto& target : *input.targets)
                if (wanted.count(target.channel_id)) insert_target(tx, caller, post, target, channels.at(target.channel_id), now);
        }
        if (input.media_ids) TRY(save_media(tx, caller, post, *input.media_ids));
        post.updated_at = now;
        tx.execute("UPDATE posts SET text = $2, title = $3, link = $4, scheduled_at = $5, updated_at = $6, thread = $7 WHERE id = $1",
                   {post.id, post.text, store::nullable(post.title), store::nullable(post.link), store::nullable(post.scheduled_at),
                    now, thread_value(post.thread)});
        if (input.when) {
            TRY(apply_when(tx, caller, post, *input.when, Reach::everything_editable, now));
        } else {
            // Edits without a new "when": a scheduled post stays scheduled, each target at
            // its own time, and is validated again; a channel added to it joins at the
            // post's time. A draft stays a draft.
            bool any_scheduled = false;
            for (const auto& target : post.targets) any_scheduled |= target.status == "scheduled";
            if (any_scheduled) {
                TRY(require(caller, Role::editor, "change scheduled posts"));
                TRY(validate_for_publishing(post, Reach::live_only));
                for (auto& target : post.targets)
                    if (target.status == "draft" && post.scheduled_at)
                        set_status(tx, caller, post, target, "scheduled", {post.scheduled_at, post.scheduled_at, false},
                                   "scheduled", "scheduled for " + format_utc(*post.scheduled_at), now);
            }
        }
        post = TRY(load_post(tx, caller, id, false));
        record_edits(tx, caller, before, post, now);
        post.history = load_history(tx, post.id);
        return post;
    });
}

Result<void> Posts::remove(const Principal& caller, const std::string& id) {
    TRY(require(caller, Role::contributor, "delete posts"));
    return store_.write([&](Transaction& tx) -> Result<void> {
        auto post = TRY(load_post(tx, caller, id, false));
        TRY(may_change(caller, post, "delete this post"));
        for (const auto& target : post.targets)
            if (target.status == "publishing")
                return Error::conflict("publishing_now", "A target of this post is being published right now; try again in a moment");
        tx.execute("DELETE FROM posts WHERE id = $1 AND org_id = $2", {id, caller.org_id});
        return {};
    });
}

Result<Post> Posts::publish_now(const Principal& caller, const std::string& id) {
    const Millis now = now_millis();
    return store_.write([&](Transaction& tx) -> Result<Post> {
        auto post = TRY(load_post(tx, caller, id, false));
        TRY(may_change(caller, post, "publish this post"));
        TRY(apply_when(tx, caller, post, When::now, Reach::everything_editable, now));
        post.history = load_history(tx, post.id);
        return post;
    });
}

Result<Post> Posts::retry_target(const Principal& caller, const std::string& post_id, const std::string& target_id) {
    TRY(require(caller, Role::editor, "retry publishing"));
    return change_target(store_, caller, post_id, target_id, [&](Transaction& tx, Post& post, Target& target, Millis now) -> Result<void> {
        if (target.status != "failed" && target.status != "cancelled")
            return Error::conflict("not_retryable", "Only a failed or cancelled target can be retried; this one is " + target.status);
        Post single = post;
        single.targets = {target};
        TRY(validate_for_publishing(single, Reach::everything_editable));
        tx.execute("UPDATE post_targets SET failures = 0 WHERE id = $1", {target.id});
        set_status(tx, caller, post, target, "scheduled", {target.scheduled_at, now, target.queued}, "retry_requested",
                   "retry requested", now);
        return {};
    });
}

Result<Post> Posts::cancel_target(const Principal& caller, const std::string& post_id, const std::string& target_id) {
    TRY(require(caller, Role::contributor, "cancel publishing"));
    return change_target(store_, caller, post_id, target_id, [&](Transaction& tx, Post& post, Target& target, Millis now) -> Result<void> {
        if (target.status != "draft" && target.status != "scheduled" && target.status != "failed")
            return Error::conflict("not_cancellable", "A target that is " + target.status + " cannot be cancelled");
        set_status(tx, caller, post, target, "cancelled", {target.scheduled_at, std::nullopt, false}, "cancelled",
                   "cancelled by a user", now);
        return {};
    });
}

}  // namespace chorus::publishing
