// chorus: one binary for the server and the admin commands.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "app/application.h"
#include "app/reseal.h"
#include "app/check_command.h"
#include "app/logging.h"
#include "core/id.h"
#include "store/migrations.h"

namespace {

using namespace chorus;

struct CommonOptions {
    std::string data_dir = "data";
    std::string database_url;
    std::string log_format = "text";
    std::vector<std::string> secret_keys;
};

// What the publishing engine needs from the command line (serve and worker).
struct EngineCli {
    int publishers = 8;
    double lease_seconds = 15;
    double network_timeout_seconds = 30;
    double retry_base_seconds = 2;
    int max_failures = 6;
    std::string testnet_url;
    std::string bluesky_service = "https://bsky.social";
    std::string bluesky_plc_url = "https://plc.directory";
    std::string public_url = "http://127.0.0.1:8080";
    bool allow_private_servers = false;
};

std::chrono::milliseconds seconds_option(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

void add_engine_options(CLI::App& command, EngineCli& engine) {
    command.add_option("--publishers", engine.publishers, "Posts published at once by this node (0: serve the API only)")
        ->envname("CHORUS_PUBLISHERS")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str();
    command.add_option("--lease", engine.lease_seconds, "Seconds after which a dead node's claimed posts go to another node (a live node renews its claims every quarter of this)")
        ->envname("CHORUS_LEASE_SECONDS")
        ->check(CLI::Range(0.1, 86400.0))
        ->capture_default_str();
    command.add_option("--network-timeout", engine.network_timeout_seconds, "Seconds to wait for a network's answer")
        ->envname("CHORUS_NETWORK_TIMEOUT")
        ->check(CLI::Range(0.05, 600.0))
        ->capture_default_str();
    command.add_option("--retry-base", engine.retry_base_seconds, "First retry delay in seconds (doubles each time)")
        ->envname("CHORUS_RETRY_BASE")
        ->check(CLI::Range(0.01, 3600.0))
        ->capture_default_str();
    command.add_option("--max-failures", engine.max_failures, "Transient failures before a post is reported failed")
        ->envname("CHORUS_MAX_FAILURES")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    command.add_option("--testnet-url", engine.testnet_url, "Base URL of a test network (tests, demos); enables channels of network testnet")
        ->envname("CHORUS_TESTNET_URL");
    command.add_option("--bluesky-service", engine.bluesky_service, "Where Bluesky accounts log in when no server is given")
        ->envname("CHORUS_BLUESKY_SERVICE")
        ->capture_default_str();
    command.add_option("--bluesky-plc-url", engine.bluesky_plc_url, "PLC directory resolving did:plc identities to their server")
        ->envname("CHORUS_BLUESKY_PLC_URL")
        ->capture_default_str();
    command.add_option("--public-url", engine.public_url, "Where users reach this server (OAuth callbacks come back to it)")
        ->envname("CHORUS_PUBLIC_URL")
        ->capture_default_str();
    command.add_flag("--allow-private-servers", engine.allow_private_servers,
                     "Let users connect Mastodon instances and Bluesky servers on private addresses (loopback, local "
                     "network); by default only public ones are reached")
        ->envname("CHORUS_ALLOW_PRIVATE_SERVERS");
}

void add_store_options(CLI::App& command, CommonOptions& options) {
    command.add_option("--data", options.data_dir, "Directory for the embedded SQLite store and local files")
        ->envname("CHORUS_DATA")
        ->capture_default_str();
    command.add_option("--database-url", options.database_url, "postgres://… selects PostgreSQL; default: SQLite in --data")
        ->envname("CHORUS_DATABASE_URL");
    command.add_option("--log-format", options.log_format, "text or json")
        ->envname("CHORUS_LOG_FORMAT")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    command.add_option("--secret-key", options.secret_keys,
                       "Key sealing network credentials (base64, 32 bytes; oldest first, repeat to rotate). "
                       "Default: <data>/secret.key, created on first start")
        ->envname("CHORUS_SECRET_KEYS")
        ->delimiter(',');
}

// Networks' app credentials come from the environment only (CHORUS_X_CLIENT_ID,
// CHORUS_X_CLIENT_SECRET, and CHORUS_X_API_URL / CHORUS_X_AUTHORIZE_URL to point at a
// proxy or a test double): a secret on the command line would show in every process list.
std::map<std::string, networks::NetworkApp> network_apps_from_environment() {
    std::map<std::string, networks::NetworkApp> apps;
    auto env = [](const std::string& name) {
        const char* value = std::getenv(name.c_str());
        return value ? std::string(value) : std::string();
    };
    for (std::string network : {"x", "threads", "facebook", "instagram", "linkedin", "youtube", "pinterest", "tiktok"}) {
        std::string prefix = "CHORUS_";
        for (char c : network) prefix.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        networks::NetworkApp app{env(prefix + "_CLIENT_ID"), env(prefix + "_CLIENT_SECRET"), env(prefix + "_API_URL"),
                                 env(prefix + "_AUTHORIZE_URL"), env(prefix + "_SCOPES")};
        if (!app.client_id.empty()) apps[network] = app;
    }
    return apps;
}

app::ApplicationOptions application_options(const CommonOptions& common, const EngineCli& engine = {}) {
    app::ApplicationOptions options;
    options.store.data_dir = common.data_dir;
    options.store.database_url = common.database_url;
    options.secret_keys = common.secret_keys;
    if (!engine.testnet_url.empty()) options.testnet_url = engine.testnet_url;
    options.bluesky_service = engine.bluesky_service;
    options.bluesky_plc_url = engine.bluesky_plc_url;
    options.allow_private_servers = engine.allow_private_servers;
    options.public_url = engine.public_url;
    while (options.public_url.ends_with('/')) options.public_url.pop_back();
    options.network_apps = network_apps_from_environment();
    options.network_timeout = seconds_option(engine.network_timeout_seconds);
    options.engine.workers = engine.publishers;
    options.engine.lease = seconds_option(engine.lease_seconds);
    options.engine.backoff_base = seconds_option(engine.retry_base_seconds);
    options.engine.max_failures = engine.max_failures;
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) options.engine.node_name = host;
    return options;
}

// Blocks SIGINT and SIGTERM in every thread started after it, so that only sigwait sees them.
sigset_t block_stop_signals() {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    return stop_signals;
}

int fail(const Error& error) {
    std::fprintf(stderr, "chorus: %s\n", error.message.c_str());
    return 1;
}

bool parse_listen(const std::string& listen, http::ServerOptions& server) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size()) return false;
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    try {
        int port = std::stoi(listen.substr(colon + 1));
        if (port < 0 || port > 65535) return false;
        server.port = static_cast<std::uint16_t>(port);
    } catch (const std::exception&) {
        return false;
    }
    server.address = host.empty() ? "0.0.0.0" : host;
    return true;
}

// The first start of an empty installation creates its owner. The password is printed once
// on standard output and nowhere else: not in the log, not in the database (only its hash).
// With --first-owner web the first visitor of the web app creates the owner instead
// (the first-run page); meant for a server only its operator can reach yet.
void create_first_owner(app::Application& application, const std::string& mode) {
    if (application.identity().any_user_exists()) return;
    if (mode == "web") {
        std::printf("\n  First start: open the web app to create the owner account and organisation.\n\n");
        std::fflush(stdout);
        return;
    }
    const std::string email = "owner@chorus.local";
    const std::string password = random_secret(15);
    // A printed password is to be replaced at the first sign-in.
    auto enrolled = application.organisations().enrol("My organisation", {email, password, "Owner", true}, Role::owner);
    if (!enrolled) {
        app::log_error("first_owner_failed", enrolled.error().message);
        return;
    }
    std::printf("\n  First start: an owner account was created.\n"
                "    e-mail:   %s\n    password: %s\n"
                "  This password is shown only now. Sign in and change it.\n\n",
                email.c_str(), password.c_str());
    std::fflush(stdout);
}

int serve(const CommonOptions& common, const EngineCli& engine, const std::string& listen, int workers,
          const std::string& first_owner, const std::vector<std::string>& trusted_proxies) {
    app::configure_logging(common.log_format == "json" ? app::LogFormat::json : app::LogFormat::text);
    http::ServerOptions server_options;
    if (!parse_listen(listen, server_options)) {
        std::fprintf(stderr, "chorus: --listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    server_options.worker_threads = workers;
    server_options.trusted_proxies = trusted_proxies;

    auto stop_signals = block_stop_signals();
    auto application = app::Application::open(application_options(common, engine));
    if (!application) return fail(application.error());
    create_first_owner(**application, first_owner);

    http::Server server(server_options, (*application)->router(), app::log_access);
    std::uint16_t port = 0;
    try {
        port = server.start();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "chorus: cannot listen on %s: %s\n", listen.c_str(), e.what());
        return 1;
    }
    app::log_info("listening", "http://" + server_options.address + ":" + std::to_string(port) + " store=" +
                                   std::string(store::to_string((*application)->store().backend())));
    if (engine.publishers > 0) (*application)->engine().start();
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    app::log_info("stopping", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
    server.stop();
    (*application)->engine().stop();
    app::log_info("stopped", "all requests answered, publishing attempts finished");
    return 0;
}

// A node that only publishes: several of them share one PostgreSQL with the serving nodes.
int work(const CommonOptions& common, const EngineCli& engine) {
    app::configure_logging(common.log_format == "json" ? app::LogFormat::json : app::LogFormat::text);
    if (engine.publishers < 1) {
        std::fprintf(stderr, "chorus: a worker needs --publishers of at least 1\n");
        return 2;
    }
    auto stop_signals = block_stop_signals();
    auto application = app::Application::open(application_options(common, engine));
    if (!application) return fail(application.error());
    (*application)->engine().start();
    app::log_info("publishing", "store=" + std::string(store::to_string((*application)->store().backend())));
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    app::log_info("stopping", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
    (*application)->engine().stop();
    app::log_info("stopped", "publishing attempts finished");
    return 0;
}

std::string read_password() {
    std::string password;
    if (isatty(STDIN_FILENO)) {
        std::fprintf(stderr, "Password: ");
        termios old_mode{};
        tcgetattr(STDIN_FILENO, &old_mode);
        termios quiet = old_mode;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::getline(std::cin, password);
        tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
        std::fprintf(stderr, "\n");
    } else {
        std::getline(std::cin, password);
    }
    while (!password.empty() && (password.back() == '\r' || password.back() == '\n')) password.pop_back();
    return password;
}

int add_user(const CommonOptions& common, const std::string& email, const std::string& org, const std::string& role_text,
             const std::string& name) {
    app::configure_logging(common.log_format == "json" ? app::LogFormat::json : app::LogFormat::text);
    auto role = parse_role(role_text);
    if (!role) {
        std::fprintf(stderr, "chorus: --role must be one of owner, admin, editor, contributor, viewer\n");
        return 2;
    }
    const std::string password = read_password();
    auto application = app::Application::open(application_options(common));
    if (!application) return fail(application.error());
    auto enrolled = (*application)->organisations().enrol(org, {email, password, name}, *role);
    if (!enrolled) {
        const auto& error = enrolled.error();
        std::fprintf(stderr, "chorus: %s%s%s\n", error.field.empty() ? "" : error.field.c_str(),
                     error.field.empty() ? "" : ": ", error.message.c_str());
        return error.kind == ErrorKind::invalid ? 2 : 1;
    }
    std::printf("%s %s as %s of \"%s\" (%s)%s\n", enrolled->user_created ? "Created" : "Updated",
                enrolled->user.email.c_str(), std::string(to_string(enrolled->organisation.role)).c_str(),
                enrolled->organisation.name.c_str(), enrolled->organisation.id.c_str(),
                enrolled->organisation_created ? ", a new organisation: its first member owns it" : "");
    return 0;
}

int reseal(const CommonOptions& common) {
    app::configure_logging(common.log_format == "json" ? app::LogFormat::json : app::LogFormat::text);
    auto application = app::Application::open(application_options(common));
    if (!application) return fail(application.error());
    auto report = app::reseal_secrets((*application)->store(), (*application)->secrets());
    if (!report) return fail(report.error());
    std::printf("Sealed %lld secret(s) again with the newest key; %lld already were.\n", static_cast<long long>(report->resealed),
                static_cast<long long>(report->already_current));
    if (report->unreadable > 0) {
        std::fprintf(stderr,
                     "chorus: %lld secret(s) are sealed with a key this server does not have and were left as they are; "
                     "keep the key that sealed them (or reconnect those channels) before removing keys.\n",
                     static_cast<long long>(report->unreadable));
        return 1;
    }
    std::printf("Every secret now opens with the newest key alone: the older keys can be removed.\n");
    return 0;
}

int migrate(const CommonOptions& common) {
    auto opened = store::open_store(application_options(common).store);
    if (!opened) return fail(opened.error());
    auto applied = store::migrate(**opened);
    if (!applied) return fail(applied.error());
    auto version = store::schema_version(**opened);
    std::printf("Applied %d migration(s); schema version %d (%s).\n", *applied, version ? *version : 0,
                std::string(store::to_string((*opened)->backend())).c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // The database, its WAL, the media and the keys are nobody else's to read, whatever the
    // umask Chorus is started with: files 0600, directories 0700.
    umask(077);
    if (sodium_init() < 0) {
        std::fprintf(stderr, "chorus: libsodium failed to initialise\n");
        return 1;
    }
    CLI::App cli{"Chorus: self-hosted social media management"};
    cli.set_version_flag("--version", std::string(chorus::app::version()));
    cli.require_subcommand(1);

    CommonOptions common;
    std::string listen = "127.0.0.1:8080";
    int workers = 4;
    auto* serve_command = cli.add_subcommand("serve", "Run the API, web UI, scheduler and workers");
    add_store_options(*serve_command, common);
    serve_command->add_option("--listen", listen, "ADDRESS:PORT to listen on")->envname("CHORUS_LISTEN")->capture_default_str();
    serve_command->add_option("--workers", workers, "Threads for request handlers")
        ->envname("CHORUS_WORKERS")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    std::string first_owner = "print";
    serve_command->add_option("--first-owner", first_owner,
                              "On an empty installation: print a generated owner login, or let the web app's first-run page create it")
        ->envname("CHORUS_FIRST_OWNER")
        ->check(CLI::IsMember({"print", "web"}))
        ->capture_default_str();
    std::vector<std::string> trusted_proxies;
    serve_command
        ->add_option("--trust-proxy", trusted_proxies,
                     "Address of a reverse proxy whose X-Forwarded-For names the client (repeat for several)")
        ->envname("CHORUS_TRUST_PROXY")
        ->delimiter(',')
        ->check(CLI::Validator(
            [](std::string& value) {
                unsigned char address[sizeof(in6_addr)];
                const bool valid = inet_pton(AF_INET, value.c_str(), address) == 1 || inet_pton(AF_INET6, value.c_str(), address) == 1;
                return valid ? std::string() : "not an IP address: " + value;
            },
            "ADDRESS"));
    EngineCli engine;
    add_engine_options(*serve_command, engine);

    auto* worker_command = cli.add_subcommand("worker", "Publish due posts without serving HTTP (scale-out nodes)");
    add_store_options(*worker_command, common);
    add_engine_options(*worker_command, engine);

    auto* user_command = cli.add_subcommand("user", "Manage user accounts");
    user_command->require_subcommand(1);
    auto* user_add = user_command->add_subcommand("add", "Add a user to an organisation (password read from stdin)");
    std::string email, org, role, name;
    user_add->add_option("EMAIL", email, "The user's e-mail address")->required();
    user_add->add_option("--org", org, "Organisation name (created if missing)")->required();
    user_add->add_option("--role", role, "owner, admin, editor, contributor or viewer")->required();
    user_add->add_option("--name", name, "Display name");
    add_store_options(*user_add, common);

    auto* migrate_command = cli.add_subcommand("migrate", "Apply database migrations and exit");
    add_store_options(*migrate_command, common);

    auto* reseal_command =
        cli.add_subcommand("reseal", "Seal every stored secret again with the newest --secret-key, so that older keys can be removed");
    add_store_options(*reseal_command, common);

    app::CheckCommand check;
    std::string check_text;
    auto* check_command = cli.add_subcommand("check", "Check a text against each network's rules (text from TEXT or stdin)");
    check_command->add_option("--network", check.networks, "A network: x, bluesky, mastodon, linkedin, instagram, threads, "
                                                           "facebook, pinterest, youtube, tiktok (repeatable)")
        ->required()
        ->allow_extra_args(false)
        ->take_all();
    check_command->add_flag("--json", check.json, "One JSON object per network per line");
    check_command->add_option("--title", check.title, "Title (YouTube, Pinterest, TikTok photo posts)");
    check_command->add_option("--link", check.link, "Destination link (Pinterest)");
    check_command->add_option("--mastodon-max-characters", check.mastodon_max_characters, "The instance's limit (default 500)");
    auto* text_option = check_command->add_option("TEXT", check_text, "The text; read from standard input when absent");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (serve_command->parsed()) return serve(common, engine, listen, workers, first_owner, trusted_proxies);
    if (worker_command->parsed()) return work(common, engine);
    if (user_add->parsed()) return add_user(common, email, org, role, name);
    if (migrate_command->parsed()) return migrate(common);
    if (reseal_command->parsed()) return reseal(common);
    if (check_command->parsed()) {
        if (text_option->count() > 0) check.text = check_text;
        return app::run_check(check);
    }
    return 2;
}
