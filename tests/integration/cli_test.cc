// The chorus binary as its users meet it: --version, --help, serve, user add, migrate, reseal.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "core/secret_box.h"
#include "core/utf8.h"
#include "process.h"
#include "store/migrations.h"
#include "test_database.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

std::vector<std::string> store_args(const TestDatabase& database) {
    if (!database.options().database_url.empty()) return {"--database-url", database.options().database_url};
    return {"--data", database.options().data_dir};
}

std::string login_body(const std::string& email, const std::string& password) {
    return json::serialize(json::object{{"email", email}, {"password", password}});
}

TEST(Cli, PrintsItsVersionAndHelp) {
    auto version = run_chorus({"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("0."), std::string::npos) << version.out;
    for (auto command : std::vector<std::vector<std::string>>{{"--help"}, {"serve", "--help"}, {"user", "add", "--help"}, {"migrate", "--help"}}) {
        auto help = run_chorus(command);
        EXPECT_EQ(help.exit_code, 0) << command.front();
        EXPECT_NE(help.out.find("--"), std::string::npos) << help.out;
    }
    auto serve_help = run_chorus({"serve", "--help"});
    for (auto option : {"--listen", "--data", "--database-url", "CHORUS_DATABASE_URL"})
        EXPECT_NE(serve_help.out.find(option), std::string::npos) << option;
}

TEST(Cli, BadUsageExitsWithTwo) {
    EXPECT_EQ(run_chorus({"frobnicate"}).exit_code, 2);
    EXPECT_EQ(run_chorus({}).exit_code, 2);
    EXPECT_EQ(run_chorus({"user", "add", "a@example.com", "--org", "X", "--role", "king"}, "long enough pw\n").exit_code, 2);
    EXPECT_EQ(run_chorus({"serve", "--listen", "nonsense"}).exit_code, 2);
}

TEST(Cli, FirstStartPrintsAnOwnerPasswordOnceAndNeverLogsIt) {
    TestDatabase database(store::Backend::sqlite);
    std::string password;
    {
        ServeProcess first(store_args(database));
        auto out = first.out();
        auto at = out.find("password: ");
        ASSERT_NE(at, std::string::npos) << out;
        password = out.substr(at + 10, out.find('\n', at) - at - 10);
        EXPECT_GE(password.size(), 20u);
        EXPECT_EQ(first.err().find(password), std::string::npos) << "the password must not reach the log";
        auto signed_in = http_request(first.port(), "POST", "/api/v1/auth/login", login_body("owner@chorus.local", password));
        EXPECT_EQ(signed_in.status, 200) << signed_in.body;
        EXPECT_TRUE(signed_in.json().at("user").at("must_change_password").as_bool()) << "a printed password is to be replaced";
        EXPECT_EQ(first.stop_with(SIGTERM), 0);
        EXPECT_EQ(first.err().find(password), std::string::npos);
    }
    ServeProcess second(store_args(database));
    EXPECT_EQ(second.out().find("password"), std::string::npos) << "printed only on the very first start";
    EXPECT_EQ(second.stop_with(SIGTERM), 0);
}

TEST(Cli, SigtermAndSigintStopTheServerCleanly) {
    for (int signal_number : {SIGTERM, SIGINT}) {
        TestDatabase database(store::Backend::sqlite);
        ServeProcess server(store_args(database));
        EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/health").status, 200);
        EXPECT_EQ(server.stop_with(signal_number), 0);
        EXPECT_NE(server.err().find("stopped"), std::string::npos) << server.err();
    }
}

TEST(Cli, JsonLogsAreOneObjectPerLineWithoutSecrets) {
    TestDatabase database(store::Backend::sqlite);
    auto args = store_args(database);
    args.insert(args.end(), {"--log-format", "json"});
    ServeProcess server(args);
    http_request(server.port(), "GET", "/api/v1/health?token=secret-in-query");
    http_request(server.port(), "POST", "/api/v1/auth/login", login_body("owner@chorus.local", "a guessed password"));
    ASSERT_EQ(server.stop_with(SIGTERM), 0);
    std::istringstream lines(server.err());
    std::string line;
    int requests = 0;
    bool domain_line = false;  // what the publishing engine logs, not the server's own events
    while (std::getline(lines, line)) {
        auto parsed = json::parse(line);
        ASSERT_TRUE(parsed.is_object()) << line;
        if (parsed.as_object().at("event") == "request") ++requests;
        if (parsed.as_object().at("event") == "log" &&
            std::string(parsed.at("message").as_string()).find("leads the scheduler") != std::string::npos)
            domain_line = true;
    }
    EXPECT_EQ(requests, 2);
    EXPECT_TRUE(domain_line) << server.err();
    EXPECT_EQ(server.err().find("secret-in-query"), std::string::npos);
    EXPECT_EQ(server.err().find("a guessed password"), std::string::npos);
}

TEST(Cli, NoRequestCanWriteALineThatPassesForTheServersOwnInEitherLogFormat) {
    // A percent-decoded path with a line feed and a fake line after it, and invalid UTF-8.
    const std::string forged = "/nope%0a2026-01-01T00:00:00.000%20info%20event=FORGED";
    for (const char* format : {"text", "json"}) {
        TestDatabase database(store::Backend::sqlite);
        auto args = store_args(database);
        args.insert(args.end(), {"--log-format", format});
        ServeProcess server(args);
        http_request(server.port(), "GET", forged);
        http_request(server.port(), "GET", "/x%ff%fe%00y");
        ASSERT_EQ(server.stop_with(SIGTERM), 0);
        std::istringstream lines(server.err());
        std::string line;
        int lines_seen = 0;
        while (std::getline(lines, line)) {
            ++lines_seen;
            EXPECT_NE(line.rfind("2026-01-01T00:00:00.000", 0), 0u) << format << ": a forged line: " << line;
            if (std::string(format) == "json") {
                boost::system::error_code error;
                json::parse(line, error);
                EXPECT_FALSE(error) << "not one JSON object (or not UTF-8): " << line;
            } else {
                EXPECT_FALSE(first_invalid_utf8_byte(line)) << "invalid UTF-8 in: " << line;
            }
        }
        EXPECT_GT(lines_seen, 2);
        EXPECT_NE(server.err().find("FORGED"), std::string::npos) << "the request is still logged, escaped";
    }
}

TEST(Cli, TheDataDirectoryAndItsFilesAreTheOwnersOnlyWhateverTheUmask) {
    namespace fs = std::filesystem;
    const fs::path parent = fs::temp_directory_path() / ("chorus-modes-" + std::to_string(::getpid()));
    fs::create_directories(parent);
    const fs::path data = parent / "data";
    const auto old_mask = ::umask(022);  // the usual default, inherited by the child
    {
        ServeProcess server({"--data", data.string()});
        ASSERT_EQ(server.stop_with(SIGTERM), 0);
    }
    ::umask(old_mask);
    const auto mode = [](const fs::path& path) { return fs::status(path).permissions() & fs::perms::all; };
    EXPECT_EQ(mode(data), fs::perms::owner_all) << data;
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(data)) {
        const auto expected = entry.is_directory() ? fs::perms::owner_all : fs::perms::owner_read | fs::perms::owner_write;
        EXPECT_EQ(mode(entry.path()), expected) << entry.path();
        ++files;
    }
    EXPECT_GE(files, 2) << "the database and the key at least";
    fs::remove_all(parent);
}

TEST(Cli, SettingsComeFromTheEnvironmentToo) {
    TestDatabase database(store::Backend::sqlite);
    ServeProcess server({}, {"CHORUS_DATA=" + database.options().data_dir});
    EXPECT_EQ(server.stop_with(SIGTERM), 0);
    EXPECT_TRUE(std::filesystem::exists(database.options().data_dir + "/chorus.db"));
}

TEST(Cli, ResealMovesEverySecretToTheNewestKeyAndSaysWhenAnOldKeyMayGo) {
    TestDatabase database(store::Backend::sqlite);
    const auto old_key = SecretBox::generate_key();
    const auto new_key = SecretBox::generate_key();
    auto args = [&](const std::string& keys) {
        auto all = store_args(database);
        all.insert(all.begin(), "reseal");
        all.insert(all.end(), {"--secret-key", keys});
        return all;
    };
    auto first = run_chorus(args(old_key));
    EXPECT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("the older keys can be removed"), std::string::npos) << first.out;
    auto store = database.open();
    ASSERT_TRUE(store->write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("INSERT INTO oauth_clients (network, server, redirect_uri, client_id, sealed_secret, created_at) "
                   "VALUES ('mastodon', 'https://m.example', 'https://c.example/cb', 'client', $1, 1)",
                   {std::move(*SecretBox::from_keys({old_key})).seal("app secret")});
        return {};
    }));
    auto rotated = run_chorus(args(old_key + "," + new_key));
    EXPECT_EQ(rotated.exit_code, 0) << rotated.err;
    EXPECT_NE(rotated.out.find("Sealed 1 secret(s) again"), std::string::npos) << rotated.out;
    // Without the key that sealed it, a secret is reported, not lost.
    auto without = run_chorus(args(SecretBox::generate_key()));
    EXPECT_EQ(without.exit_code, 1);
    EXPECT_NE(without.err.find("keep the key that sealed them"), std::string::npos) << without.err;
}

TEST(CliCheck, ExitsZeroWhenEveryNetworkAcceptsAndOneWhenAnyRefuses) {
    auto fine = run_chorus({"check", "--network", "x", "--network", "bluesky", "Hello world"});
    EXPECT_EQ(fine.exit_code, 0) << fine.err;
    EXPECT_NE(fine.out.find("x: 11/280 weighted characters"), std::string::npos) << fine.out;
    EXPECT_NE(fine.out.find("bluesky: 11/300 graphemes"), std::string::npos) << fine.out;
    auto refused = run_chorus({"check", "--network", "bluesky", "--network", "x", std::string(290, 'a')});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.out.find("too_long"), std::string::npos);
}

TEST(CliCheck, ReadsAnyBytesFromStdinAndPrintsJsonLines) {
    auto piped = run_chorus({"check", "--json", "--network", "x", "--network", "bluesky"}, "Hi @alice.bsky.social \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD");
    ASSERT_EQ(piped.exit_code, 0) << piped.err;
    std::istringstream lines(piped.out);
    std::string x_line, bluesky_line;
    std::getline(lines, x_line);
    std::getline(lines, bluesky_line);
    auto x = json::parse(x_line).as_object();
    EXPECT_EQ(x.at("network"), "x");
    EXPECT_EQ(x.at("length").to_number<int>(), 24);
    EXPECT_EQ(x.at("limit").to_number<int>(), 280);
    EXPECT_TRUE(x.at("valid").as_bool());
    auto bluesky = json::parse(bluesky_line).as_object();
    EXPECT_EQ(bluesky.at("facets").as_array().size(), 1u);

    auto invalid = run_chorus({"check", "--json", "--network", "mastodon"}, std::string("ok \xC3\x28"));
    EXPECT_EQ(invalid.exit_code, 1);
    EXPECT_NE(invalid.out.find("invalid_utf8"), std::string::npos) << invalid.out;
}

TEST(CliCheck, UnknownNetworksAreBadUsage) {
    auto result = run_chorus({"check", "--network", "myspace", "hello"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("bluesky, facebook"), std::string::npos) << result.err;
    EXPECT_EQ(run_chorus({"check", "hello"}).exit_code, 2) << "--network is required";
}

class CliOnBothStores : public ::testing::TestWithParam<store::Backend> {
protected:
    TestDatabase database{GetParam()};
};

TEST_P(CliOnBothStores, MigrateIsSafeToRunTwice) {
    auto args = std::vector<std::string>{"migrate"};
    auto with_store = store_args(database);
    args.insert(args.end(), with_store.begin(), with_store.end());
    auto first = run_chorus(args);
    EXPECT_EQ(first.exit_code, 0) << first.err;
    const auto every_migration = "Applied " + std::to_string(store::embedded_migrations().size()) + " migration";
    EXPECT_NE(first.out.find(every_migration), std::string::npos) << first.out;
    auto second = run_chorus(args);
    EXPECT_EQ(second.exit_code, 0);
    EXPECT_NE(second.out.find("Applied 0 migration"), std::string::npos) << second.out;
}

TEST_P(CliOnBothStores, UserAddWorksWhileTheServerRunsAndReadsThePasswordFromStdin) {
    ServeProcess server(store_args(database));
    auto args = std::vector<std::string>{"user", "add", "Maya@Example.com", "--org", "Maya's Agency", "--role", "admin"};
    auto with_store = store_args(database);
    args.insert(args.end(), with_store.begin(), with_store.end());
    auto added = run_chorus(args, "a long secret pw\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_NE(added.out.find("Created maya@example.com"), std::string::npos) << added.out;
    EXPECT_EQ(added.out.find("a long secret pw"), std::string::npos);

    auto signed_in = http_request(server.port(), "POST", "/api/v1/auth/login", login_body("maya@example.com", "a long secret pw"));
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    EXPECT_EQ(signed_in.json().at("role"), "owner") << "the first member of a new organisation owns it";

    auto second_user = args;
    second_user[2] = "sam@example.com";
    ASSERT_EQ(run_chorus(second_user, "another long pw\n").exit_code, 0);
    auto sam = http_request(server.port(), "POST", "/api/v1/auth/login", login_body("sam@example.com", "another long pw"));
    ASSERT_EQ(sam.status, 200);
    EXPECT_EQ(sam.json().at("role"), "admin");
    EXPECT_EQ(sam.json().at("org_id"), signed_in.json().at("org_id")) << "same organisation, found by name";

    auto too_short = run_chorus(second_user, "short\n");
    EXPECT_EQ(too_short.exit_code, 2);
    EXPECT_NE(too_short.err.find("at least"), std::string::npos) << too_short.err;
    EXPECT_EQ(server.stop_with(SIGTERM), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, CliOnBothStores, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
