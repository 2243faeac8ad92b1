#pragma once
// The connector seam: everything the publishing engine asks of a network goes through one
// Connector per network (src/networks/<name>/connector.cc). Connectors speak HTTP and
// translate; the engine owns retries, leases, budgets and state. Every failure a connector
// reports is classified in one taxonomy (FailureClass) that the API, the UI and webhooks
// share, and says whether the request may have reached the network, because that decides
// whether the engine must look the post up before trying again.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "networks/rules.h"

namespace chorus::networks {

enum class FailureClass {
    auth,           // the token is refused: refresh, else the channel needs reconnecting
    validation,     // the network refused the content or media: editing is needed, retrying is not
    rate_limited,   // come back at retry_at
    transient,      // the network is failing for now (5xx, timeout): retry with backoff
    network_fault,  // we could not reach the network at all (DNS, refused connection, TLS)
};
std::string_view to_string(FailureClass kind);

struct Failure {
    FailureClass kind = FailureClass::transient;
    std::string code;                    // snake_case, stable: "duplicate_content", "timeout", …
    std::string message;                 // the network's own words when it gave any
    std::optional<int> http_status;
    std::optional<Millis> retry_at;      // rate_limited: when the network says to come back
    bool maybe_created = false;          // the request was sent and no answer proves it failed
};

// Rate-limit facts read from a response's headers, for the shared budgets.
struct Budget {
    std::string scope;   // "channel:<id>" or "app:<network>"
    std::int64_t remaining = 0;
    Millis reset_at = 0;
    // A cap the network keeps but does not report (LinkedIn's daily posts): the budget is
    // started with `remaining` only when none is running, and the claims count it down
    // from there, so that every node counts against the same figure.
    bool counted_here = false;
};

// A value or a Failure, plus whatever budgets the exchange revealed.
template <class T>
struct Outcome {
    std::variant<T, Failure> value;
    std::vector<Budget> budgets;

    bool ok() const { return value.index() == 0; }
    const T& get() const { return std::get<0>(value); }
    const Failure& failure() const { return std::get<1>(value); }
};

// The account a connector acts for. `credentials` is the decrypted secret the connector
// stored when the channel was connected (its own format, usually JSON); it never leaves
// the engine and is never logged.
struct Account {
    std::string channel_id;
    std::string network;
    std::string handle;
    std::string credentials;
};

// One attachment, already fitted to the network's limits by the media library.
struct MediaUpload {
    std::string bytes;
    std::string mime;
    MediaFacts facts;  // kind, size, dimensions, duration, alt text
};

struct UploadedMedia {
    std::string remote_id;  // what publish() refers to
};

struct PublishRequest {
    std::string idempotency_key;   // stable across every attempt of this target
    Draft draft;
    std::vector<std::string> media_ids;  // from upload_media(), in order
    // A thread as one post: the replies that follow the first part, in order. Connectors
    // of networks without threads are never given one (the API refuses it).
    std::vector<std::string> thread;
    // The target's network options (Bluesky langs, Mastodon visibility, …): a JSON object,
    // already checked by the API against the network's option rules (networks/options.h).
    std::string options = "{}";
    // 1 on the first attempt. Networks that refuse duplicates without an idempotency key
    // (X) may only take a refusal for "an earlier attempt made it" on a later attempt.
    std::int64_t attempt = 1;
    // For connectors whose media goes with the post (media_goes_with_post()): the fitted
    // attachments, in order, instead of media_ids.
    std::vector<MediaUpload> attachments;
    // What this connector saved during an earlier attempt of this target ("" if nothing),
    // and how it saves during this one: durably, before it returns true. A connector that
    // gets false has lost the job to another worker and must stop before creating anything.
    // Each save also renews the attempt's lease: a long upload that saves its progress as it
    // goes keeps the job.
    std::string checkpoint;
    std::function<bool(const std::string&)> save_checkpoint;
    // When the first attempt of this target began: no post the network dates earlier can be
    // this one (find() of networks without an idempotency marker matches recent posts).
    Millis not_before = 0;
};

struct RemotePost {
    std::string remote_id;   // a thread's is its parts' ids, space-separated (join_remote_ids)
    std::string remote_url;
    // What the user should know about how it went out (YouTube locked it to private): kept
    // in the post's history next to "published".
    std::string note = {};
};

// A thread is one post with several remote ids; they are kept space-separated, first first.
std::string join_remote_ids(const std::vector<std::string>& ids);
std::vector<std::string> split_remote_ids(const std::string& remote_id);

struct Found {
    std::optional<RemotePost> post;  // nullopt: the network has no such post
};

// A comment under a published post, made by the account that published it (a post's first
// comment on the networks where it is a comment, not a reply: options.h FirstComment).
struct CommentRequest {
    std::string post_remote_id;   // the post's RemotePost::remote_id
    std::string text;
    std::string idempotency_key;  // stable across attempts, and not the post's
    Millis not_before = 0;        // no comment the network dates earlier can be this one
};

struct RemoteComment {
    std::string remote_id;
};

// New credentials after a refresh; the engine stores them encrypted.
struct Refreshed {
    std::string credentials;
    std::optional<Millis> expires_at;
};

struct Deleted {};

// Logging in with an identifier and a password made for apps (Bluesky's app passwords).
struct PasswordLogin {
    std::string identifier;
    std::string password;
    std::string service;  // the server to log in at; empty: the network's default
};

// A freshly connected account.
struct Connection {
    std::string remote_account_id;  // the network's stable id for the account (a DID, a numeric id)
    std::string handle;
    std::string display_name;
    std::string credentials;  // sealed by the caller before it is stored
    std::optional<Millis> expires_at;
    std::string settings = "{}";  // JSON: facts about the account's server the rules need
    // What kind of account it is when one login reaches several kinds ("Page", "Instagram
    // business account", "organisation"); empty for the login's own account.
    std::string kind;
    // The token can be renewed without the user (a refresh token, or a token that renews
    // itself); false when it simply ends at expires_at and the user must reconnect before.
    bool renewable = true;
};

// A place inside an account that a post goes to (a Pinterest board), chosen per target with
// the network option the connector names.
struct Destination {
    std::string id;
    std::string name;
    std::string detail = {};  // what tells two apart: "secret", "public"
};

struct Destinations {
    std::string option;  // the target option that takes a Destination's id ("board_id")
    std::vector<Destination> items;
};

// OAuth 2 authorization code with PKCE (S256), for networks that connect that way.
struct OAuthClient {
    std::string client_id;
    std::string client_secret;
};

struct OAuthRequest {
    std::string server;          // the instance (Mastodon) or the network's own authorization host
    std::string redirect_uri;
    std::string state;
    std::string code_challenge;  // base64url(SHA-256(verifier))
};

class OAuthFlow {
public:
    virtual ~OAuthFlow() = default;
    // Networks with one authorization server name it here; networks whose accounts live on
    // many servers (Mastodon) leave it empty, and the user names the server.
    virtual std::string own_server() const { return {}; }
    // An app the self-hoster registered once (X, Meta, …): used as is, never stored.
    virtual std::optional<OAuthClient> configured_client() const { return std::nullopt; }
    // Networks whose apps are registered per server (Mastodon) register one here; the
    // caller keeps it per server and redirect URI.
    virtual Outcome<OAuthClient> register_client(const std::string& server, const std::string& redirect_uri) = 0;
    virtual std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const = 0;
    // Exchanges the code, then reads the accounts the login reaches and what their server
    // allows: usually one; a Facebook login may manage several Pages, and the user chooses
    // which become channels. None: the login manages nothing this network can publish to.
    virtual Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                              const std::string& code_verifier) = 0;
};

class Connector {
public:
    virtual ~Connector() = default;
    virtual std::string_view network() const = 0;

    // Creates the post. Must carry the idempotency key in whatever form the network
    // supports (header, record key, marker) so that find() can recognise it.
    virtual Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) = 0;
    // Uploads one attachment ahead of publish(); its id goes into PublishRequest::media_ids.
    virtual Outcome<UploadedMedia> upload_media(const Account& account, const MediaUpload& media) = 0;
    // True where uploading the media is creating the post (a YouTube video): the engine
    // then hands the attachments to publish() (PublishRequest::attachments) and never
    // calls upload_media().
    virtual bool media_goes_with_post() const { return false; }
    // Looks for a post made by an earlier attempt with this idempotency key.
    virtual Outcome<Found> find(const Account& account, const PublishRequest& request) = 0;
    virtual Outcome<Deleted> remove(const Account& account, const std::string& remote_id) = 0;

    // Comments under a published post, for networks whose first comment is one: comment()
    // makes it; find_comment() looks for one an earlier attempt may have made (nullopt: none).
    // The others refuse both.
    virtual Outcome<RemoteComment> comment(const Account& account, const CommentRequest& request);
    virtual Outcome<std::optional<RemoteComment>> find_comment(const Account& account, const CommentRequest& request);
    // Exchanges the stored refresh credential for a new access credential. Networks
    // without expiring tokens answer with an auth failure.
    virtual Outcome<Refreshed> refresh(const Account& account) = 0;
    // How long before its expiry a token is renewed; nullopt: the token keeper's default.
    // Networks that renew with the access token itself (Threads, Instagram) say more: once
    // it has expired, only connecting again helps.
    virtual std::optional<std::chrono::milliseconds> renew_ahead() const { return std::nullopt; }

    // Where inside the account a post can go, for networks where it goes to one of several
    // places (Pinterest boards); an empty option for the others.
    virtual Outcome<Destinations> destinations(const Account&) { return {Destinations{}, {}}; }

    // Connecting with an app password; networks that connect by OAuth refuse it.
    virtual Outcome<Connection> connect_with_password(const PasswordLogin& login);
    // nullptr for networks that do not connect by OAuth.
    virtual OAuthFlow* oauth() { return nullptr; }
};

// Which connector serves which network; built once by the application from its config.
class ConnectorRegistry {
public:
    void add(std::shared_ptr<Connector> connector);
    Connector* find(std::string_view network) const;
    std::vector<std::string> networks() const;

private:
    std::map<std::string, std::shared_ptr<Connector>, std::less<>> connectors_;
};

}  // namespace chorus::networks
