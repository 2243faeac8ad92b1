#include "networks/bluesky/connector.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "networks/bluesky/session.h"
#include "networks/bluesky/tid.h"
#include "networks/bluesky/xrpc.h"
#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/link_preview.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;
using bluesky::add_budgets;
using bluesky::record_key_for;
using bluesky::Session;
using bluesky::XrpcCall;

constexpr std::string_view post_collection = "app.bsky.feed.post";
constexpr std::size_t max_blob_bytes = 1'000'000;

// A "strong reference": a record's URI and the CID of the version meant.
struct StrongRef {
    std::string uri;
    std::string cid;
    json::object to_json() const { return {{"uri", uri}, {"cid", cid}}; }
};

// A post as the repository holds it: enough to reply to it and to recognise it.
struct StoredPost {
    StrongRef ref;
    std::string text;
};

std::string last_segment(std::string_view uri) {
    auto slash = uri.rfind('/');
    return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

std::string post_uri(const std::string& did, const std::string& record_key) {
    return "at://" + did + "/" + std::string(post_collection) + "/" + record_key;
}

// Every call a publish makes adds to the same budgets; a failure carries them too.
class Exchange {
public:
    explicit Exchange(std::string scope) : scope_(std::move(scope)) {}
    const std::string& scope() const { return scope_; }

    template <class T>
    bool take(Outcome<T>&& outcome, T& into) {
        add_budgets(budgets_, outcome.budgets);
        if (!outcome.ok()) {
            failure_ = outcome.failure();
            return false;
        }
        into = std::move(std::get<0>(outcome.value));
        return true;
    }
    template <class T>
    Outcome<T> fail() {
        return {*failure_, std::move(budgets_)};
    }
    template <class T>
    Outcome<T> fail(Failure failure) {
        return {std::move(failure), std::move(budgets_)};
    }
    template <class T>
    Outcome<T> done(T value) {
        return {std::move(value), std::move(budgets_)};
    }
    Failure& failure() { return *failure_; }

private:
    std::string scope_;
    std::vector<Budget> budgets_;
    std::optional<Failure> failure_;
};

class BlueskyConnector final : public Connector {
public:
    BlueskyConnector(HttpClient& http, BlueskyOptions options)
        : options_(std::move(options)),
          xrpc_(http, options_.timeout),
          sessions_(xrpc_, bluesky::Directory{options_.plc_url}),
          pages_(http, options_.link_pages) {}

    std::string_view network() const override { return "bluesky"; }

    Outcome<Connection> connect_with_password(const PasswordLogin& login) override {
        auto service = login.service.empty() ? options_.default_service : login.service;
        while (service.ends_with('/')) service.pop_back();
        auto session = sessions_.create(service, login.identifier, login.password);
        if (!session.ok()) {
            auto failure = session.failure();
            if (failure.kind == FailureClass::auth)
                failure.message = "Bluesky refused this handle and app password (" + failure.message + ")";
            return {failure, {}};
        }
        const auto& account = session.get();
        Connection connection;
        connection.remote_account_id = account.did;
        connection.handle = account.handle;
        connection.display_name = display_name_of(account).value_or(account.handle);
        connection.credentials = account.to_credentials();
        connection.expires_at = account.access_expires_at();
        return {std::move(connection), {}};
    }

    Outcome<Refreshed> refresh(const Account& account) override {
        auto session = Session::from_credentials(account.credentials);
        if (!session) return {no_session(), {}};
        auto renewed = sessions_.refresh(*session);
        if (!renewed.ok()) return {renewed.failure(), {}};
        return {Refreshed{renewed.get().to_credentials(), renewed.get().access_expires_at()}, {}};
    }

    Outcome<UploadedMedia> upload_media(const Account& account, const MediaUpload& media) override {
        auto session = Session::from_credentials(account.credentials);
        if (!session) return {no_session(), {}};
        XrpcCall call;
        call.service = session->pds;
        call.nsid = "com.atproto.repo.uploadBlob";
        call.raw = std::pair{media.bytes, media.mime};
        call.token = session->access_jwt;
        Exchange exchange(scope_of(account));
        json::value answer;
        if (!exchange.take(xrpc_.call(call, exchange.scope()), answer)) return exchange.fail<UploadedMedia>();
        const auto* blob = member(answer, "blob");
        if (!blob || !blob->is_object())
            return exchange.fail<UploadedMedia>(local_failure(FailureClass::transient, "unreadable_answer", "uploadBlob answered without a blob"));
        // The record needs the blob, its alt text and its shape; keep them together.
        json::object kept{{"blob", *blob},
                          {"alt", media.facts.alt_text},
                          {"video", media.facts.kind == MediaFacts::Kind::video}};
        if (media.facts.width && media.facts.height) kept["aspect"] = json::object{{"width", *media.facts.width}, {"height", *media.facts.height}};
        return exchange.done(UploadedMedia{json::serialize(kept)});
    }

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto session = Session::from_credentials(account.credentials);
        if (!session) return {no_session(), {}};
        const auto options = parse_json(request.options);
        std::vector<std::string> parts{request.draft.text};
        parts.insert(parts.end(), request.thread.begin(), request.thread.end());

        Exchange exchange(scope_of(account));
        std::vector<StrongRef> posted;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            json::object record;
            if (!exchange.take(build_record(*session, parts[i], options, i == 0 ? &request : nullptr, posted, exchange.scope()), record))
                return exchange.fail<RemotePost>();
            StrongRef ref;
            if (!exchange.take(create_post(*session, record, record_key_for(request.idempotency_key, i), exchange.scope()), ref)) {
                auto& failure = exchange.failure();
                if (i > 0) {
                    // The earlier parts are on the network: a retry must look first, and then
                    // continues the thread where it stopped (their record keys are taken).
                    failure.maybe_created = true;
                    failure.message = "Part " + std::to_string(i + 1) + " of the thread: " + failure.message;
                }
                return exchange.fail<RemotePost>();
            }
            posted.push_back(std::move(ref));
        }
        std::vector<std::string> uris;
        for (const auto& ref : posted) uris.push_back(ref.uri);
        return exchange.done(remote_post(*session, uris));
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto session = Session::from_credentials(account.credentials);
        if (!session) return {no_session(), {}};
        // A thread counts as published once its last part is there.
        const auto parts = 1 + request.thread.size();
        Exchange exchange(scope_of(account));
        const auto last_key = record_key_for(request.idempotency_key, parts - 1);
        std::optional<StoredPost> last;
        if (!exchange.take(get_post(*session, last_key, exchange.scope()), last)) return exchange.fail<Found>();
        if (!last) return exchange.done(Found{});
        const auto& last_text = request.thread.empty() ? request.draft.text : request.thread.back();
        if (last->text != last_text) return exchange.fail<Found>(record_key_taken(last_key));
        std::vector<std::string> uris;
        for (std::size_t i = 0; i < parts; ++i) uris.push_back(post_uri(session->did, record_key_for(request.idempotency_key, i)));
        return exchange.done(Found{remote_post(*session, uris)});
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto session = Session::from_credentials(account.credentials);
        if (!session) return {no_session(), {}};
        Exchange exchange(scope_of(account));
        auto uris = split_remote_ids(remote_id);
        // Replies first, so that no moment shows a thread without its start.
        for (auto uri = uris.rbegin(); uri != uris.rend(); ++uri) {
            XrpcCall call;
            call.service = session->pds;
            call.nsid = "com.atproto.repo.deleteRecord";
            call.body = json::object{{"repo", session->did}, {"collection", post_collection}, {"rkey", last_segment(*uri)}};
            call.token = session->access_jwt;
            json::value answer;
            if (!exchange.take(xrpc_.call(call, exchange.scope()), answer)) return exchange.fail<Deleted>();
        }
        return exchange.done(Deleted{});
    }

private:
    static std::string scope_of(const Account& account) { return "channel:" + account.channel_id; }

    static Failure no_session() {
        return local_failure(FailureClass::auth, "not_connected", "The channel has no Bluesky session; reconnect it");
    }

    RemotePost remote_post(const Session& session, const std::vector<std::string>& uris) const {
        return RemotePost{join_remote_ids(uris), options_.web_url + "/profile/" + (session.handle.empty() ? session.did : session.handle) +
                                                     "/post/" + last_segment(uris.front())};
    }

    std::optional<std::string> display_name_of(const Session& session) const {
        XrpcCall call;
        call.service = session.pds;
        call.nsid = "com.atproto.repo.getRecord";
        call.query = {{"repo", session.did}, {"collection", "app.bsky.actor.profile"}, {"rkey", "self"}};
        auto answer = xrpc_.call(call);
        if (!answer.ok()) return std::nullopt;
        const auto* value = member(answer.get(), "value");
        auto name = value ? string_at(*value, "displayName") : std::string();
        if (name.empty()) return std::nullopt;
        return name;
    }

    // The record at this key of the account's posts; nullopt when there is none.
    Outcome<std::optional<StoredPost>> get_post(const Session& session, const std::string& record_key, const std::string& scope) const {
        return get_record(session.pds, session.did, record_key, session.access_jwt, scope);
    }

    // Record keys come from a hash: in the rare case that another post already holds ours,
    // its text tells, and publishing stops rather than claiming someone else's post.
    static Failure record_key_taken(const std::string& record_key) {
        return local_failure(FailureClass::validation, "record_key_taken",
                             "Another post of this account already uses record key " + record_key + "; duplicate the post and schedule the copy");
    }

    Outcome<std::optional<StoredPost>> get_record(const std::string& pds, const std::string& repo, const std::string& record_key,
                                                 const std::string& token, const std::string& scope) const {
        XrpcCall call;
        call.service = pds;
        call.nsid = "com.atproto.repo.getRecord";
        call.query = {{"repo", repo}, {"collection", std::string(post_collection)}, {"rkey", record_key}};
        call.token = token;
        auto answer = xrpc_.call(call, scope);
        if (!answer.ok()) {
            // A missing record is a 400 RecordNotFound, not a 404.
            if (answer.failure().code == "record_not_found") return {std::optional<StoredPost>{}, std::move(answer.budgets)};
            return {answer.failure(), std::move(answer.budgets)};
        }
        const auto* value = member(answer.get(), "value");
        StoredPost post{{string_at(answer.get(), "uri"), string_at(answer.get(), "cid")}, value ? string_at(*value, "text") : ""};
        return {std::optional<StoredPost>(std::move(post)), std::move(answer.budgets)};
    }

    Outcome<StrongRef> create_post(const Session& session, const json::object& record, const std::string& record_key,
                                   const std::string& scope) const {
        XrpcCall call;
        call.service = session.pds;
        call.nsid = "com.atproto.repo.createRecord";
        call.body = json::object{{"repo", session.did}, {"collection", post_collection}, {"rkey", record_key}, {"validate", true},
                                 {"record", record}};
        call.token = session.access_jwt;
        call.creates = true;
        auto created = xrpc_.call(call, scope);
        if (created.ok()) return {StrongRef{string_at(created.get(), "uri"), string_at(created.get(), "cid")}, std::move(created.budgets)};
        // A create whose record key is taken answers 500 on the PDS: the record may be ours
        // from an earlier attempt (or from this one, when only the answer was lost).
        if (!created.failure().maybe_created) return {created.failure(), std::move(created.budgets)};
        auto existing = get_post(session, record_key, scope);
        add_budgets(created.budgets, existing.budgets);  // the lookup came later: its figures win
        if (!existing.ok() || !existing.get()) return {created.failure(), std::move(created.budgets)};
        if (existing.get()->text != string_at(record, "text")) return {record_key_taken(record_key), std::move(created.budgets)};
        return {existing.get()->ref, std::move(created.budgets)};
    }

    Outcome<json::object> build_record(const Session& session, const std::string& text, const json::value& options,
                                       const PublishRequest* first, const std::vector<StrongRef>& posted,
                                       const std::string& scope) const {
        json::object record{{"$type", post_collection}, {"text", text}, {"createdAt", format_utc(now_millis())}};
        Exchange exchange(scope);
        std::vector<Facet> facet_list;
        json::array facets;
        if (!exchange.take(facets_for(session, text, facet_list, scope), facets)) return exchange.fail<json::object>();
        if (!facets.empty()) record["facets"] = std::move(facets);
        if (const auto* langs = member(options, "langs"); langs && langs->is_array() && !langs->get_array().empty()) record["langs"] = *langs;
        if (!posted.empty()) record["reply"] = json::object{{"root", posted.front().to_json()}, {"parent", posted.back().to_json()}};
        if (first) {
            std::optional<json::object> embed;
            if (!exchange.take(embed_for(session, *first, options, facet_list, scope), embed)) return exchange.fail<json::object>();
            if (embed) record["embed"] = std::move(*embed);
        }
        return exchange.done(std::move(record));
    }

    // Links, mentions (resolved to DIDs) and tags, with UTF-8 byte offsets. A mention of a
    // handle that does not resolve stays plain text, as in Bluesky's own app.
    Outcome<json::array> facets_for(const Session& session, const std::string& text, std::vector<Facet>& found,
                                    const std::string& scope) const {
        Draft draft;
        draft.text = text;
        auto check = check_draft(*rules_for("bluesky"), draft);
        found = check.facets.value_or(std::vector<Facet>{});
        Exchange exchange(scope);
        json::array facets;
        for (const auto& facet : found) {
            json::object feature;
            if (facet.kind == "link") {
                feature = {{"$type", "app.bsky.richtext.facet#link"}, {"uri", facet.value}};
            } else if (facet.kind == "tag") {
                feature = {{"$type", "app.bsky.richtext.facet#tag"}, {"tag", facet.value}};
            } else if (facet.kind == "mention") {
                std::optional<std::string> did;
                if (!exchange.take(resolve_handle(session, facet.value, scope), did)) return exchange.fail<json::array>();
                if (!did) continue;
                feature = {{"$type", "app.bsky.richtext.facet#mention"}, {"did", *did}};
            } else {
                continue;
            }
            facets.push_back(json::object{{"index", json::object{{"byteStart", facet.byte_start}, {"byteEnd", facet.byte_end}}},
                                          {"features", json::array{feature}}});
        }
        return exchange.done(std::move(facets));
    }

    Outcome<std::optional<std::string>> resolve_handle(const Session& session, const std::string& handle, const std::string& scope) const {
        XrpcCall call;
        call.service = session.pds;
        call.nsid = "com.atproto.identity.resolveHandle";
        call.query = {{"handle", handle}};
        auto answer = xrpc_.call(call, scope);
        if (answer.ok()) {
            auto did = string_at(answer.get(), "did");
            return {did.empty() ? std::nullopt : std::optional(did), std::move(answer.budgets)};
        }
        if (answer.failure().kind == FailureClass::validation) return {std::optional<std::string>{}, std::move(answer.budgets)};
        return {answer.failure(), std::move(answer.budgets)};
    }

    // Media, a quote, both, or a link card: a post has at most one embed.
    Outcome<std::optional<json::object>> embed_for(const Session& session, const PublishRequest& request, const json::value& options,
                                                   const std::vector<Facet>& facets, const std::string& scope) const {
        Exchange exchange(scope);
        auto media = media_embed(request.media_ids);
        std::optional<StrongRef> quoted;
        if (auto quote = string_at(options, "quote"); !quote.empty())
            if (!exchange.take(resolve_quote(session, quote, scope), quoted)) return exchange.fail<std::optional<json::object>>();
        if (quoted && media)
            return exchange.done(std::optional<json::object>(json::object{{"$type", "app.bsky.embed.recordWithMedia"},
                                                                          {"record", json::object{{"record", quoted->to_json()}}},
                                                                          {"media", *media}}));
        if (quoted)
            return exchange.done(std::optional<json::object>(json::object{{"$type", "app.bsky.embed.record"}, {"record", quoted->to_json()}}));
        if (media) return exchange.done(std::optional<json::object>(std::move(media)));

        const auto* card_wanted = member(options, "link_card");
        if (card_wanted && card_wanted->is_bool() && !card_wanted->get_bool()) return exchange.done(std::optional<json::object>());
        std::string link = request.draft.link.value_or("");
        for (const auto& facet : facets)
            if (link.empty() && facet.kind == "link") link = facet.value;
        if (link.empty()) return exchange.done(std::optional<json::object>());
        return exchange.done(link_card(session, link, scope));
    }

    static std::optional<json::object> media_embed(const std::vector<std::string>& media_ids) {
        if (media_ids.empty()) return std::nullopt;
        json::array images;
        for (const auto& id : media_ids) {
            auto kept = parse_json(id);
            const auto* blob = member(kept, "blob");
            if (!blob) continue;
            json::object item{{"alt", string_at(kept, "alt")}};
            if (const auto* aspect = member(kept, "aspect")) item["aspectRatio"] = *aspect;
            const auto* video = member(kept, "video");
            if (video && video->is_bool() && video->get_bool()) {
                item["$type"] = "app.bsky.embed.video";
                item["video"] = *blob;
                return item;  // one video per post, and nothing beside it
            }
            item["image"] = *blob;
            images.push_back(std::move(item));
        }
        if (images.empty()) return std::nullopt;
        return json::object{{"$type", "app.bsky.embed.images"}, {"images", std::move(images)}};
    }

    // "at://did/app.bsky.feed.post/rkey" or "https://bsky.app/profile/<handle or DID>/post/<rkey>".
    Outcome<std::optional<StrongRef>> resolve_quote(const Session& session, const std::string& address, const std::string& scope) const {
        std::string actor, record_key;
        const auto collection = "/" + std::string(post_collection) + "/";
        if (address.starts_with("at://") && address.find(collection) != std::string::npos) {
            actor = address.substr(5, address.find(collection) - 5);
            record_key = last_segment(address);
        } else if (auto at = address.find("/profile/"); at != std::string::npos && address.find("/post/", at) != std::string::npos) {
            auto rest = address.substr(at + 9);
            actor = rest.substr(0, rest.find('/'));
            record_key = last_segment(rest);
        }
        auto not_found = [&](std::string why) {
            return local_failure(FailureClass::validation, "quote_not_found", "The quoted post " + address + " " + why);
        };
        if (actor.empty() || !bluesky::is_tid(record_key)) return {not_found("is not a Bluesky post address"), {}};
        Exchange exchange(scope);
        std::string did = actor;
        if (!actor.starts_with("did:")) {
            std::optional<std::string> resolved;
            if (!exchange.take(resolve_handle(session, actor, scope), resolved)) return exchange.fail<std::optional<StrongRef>>();
            if (!resolved) return exchange.fail<std::optional<StrongRef>>(not_found("names an unknown account"));
            did = *resolved;
        }
        // The quoted post lives in its author's repository, on their PDS.
        std::string pds;
        if (!exchange.take(sessions_.pds_of(did), pds)) return exchange.fail<std::optional<StrongRef>>();
        std::optional<StoredPost> post;
        if (!exchange.take(get_record(pds, did, record_key, did == session.did ? session.access_jwt : "", scope), post))
            return exchange.fail<std::optional<StrongRef>>();
        if (!post) return exchange.fail<std::optional<StrongRef>>(not_found("does not exist (deleted?)"));
        return exchange.done(std::optional<StrongRef>(post->ref));
    }

    // The server does not unfurl links: the card is built from the page's Open Graph tags.
    // A page that cannot be read gives no card, never a failed post.
    std::optional<json::object> link_card(const Session& session, const std::string& link, const std::string& scope) const {
        const auto preview = pages_.preview(link);
        if (!preview) return std::nullopt;
        json::object external{{"uri", link}, {"title", preview->title}, {"description", preview->description}};
        if (!preview->image_url.empty())
            if (auto thumb = upload_thumbnail(session, preview->image_url, scope)) external["thumb"] = std::move(*thumb);
        return json::object{{"$type", "app.bsky.embed.external"}, {"external", std::move(external)}};
    }

    std::optional<json::value> upload_thumbnail(const Session& session, const std::string& image_url, const std::string& scope) const {
        auto image = pages_.image(image_url, max_blob_bytes);
        if (!image) return std::nullopt;
        XrpcCall call;
        call.service = session.pds;
        call.nsid = "com.atproto.repo.uploadBlob";
        call.raw = std::pair{std::move(image->bytes), std::move(image->mime)};
        call.token = session.access_jwt;
        auto uploaded = xrpc_.call(call, scope);
        if (!uploaded.ok()) return std::nullopt;
        const auto* blob = member(uploaded.get(), "blob");
        if (!blob) return std::nullopt;
        return *blob;
    }

    BlueskyOptions options_;
    bluesky::Xrpc xrpc_;
    bluesky::Sessions sessions_;
    PageFetcher pages_;
};

}  // namespace

std::shared_ptr<Connector> make_bluesky_connector(HttpClient& http, BlueskyOptions options) {
    return std::make_shared<BlueskyConnector>(http, std::move(options));
}

}  // namespace chorus::networks
