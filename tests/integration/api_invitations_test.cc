// Joining an organisation takes the joiner's yes: an invitation link, accepted with the
// account's own password or by choosing the password of a new account. Whether an address
// has an account here is never told to the one who invites.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class Invitations : public ::testing::TestWithParam<store::Backend> {
protected:
    TestServer server{GetParam()};
    Caller owner = server.new_owner("Acme");
    Caller stranger = server.new_owner("Elsewhere");  // an account with an organisation of its own

    std::string email_of(const Caller& caller) {
        return std::string(server.call(caller, "GET", "/api/v1/auth/me").json().at("user").at("email").as_string());
    }
    HttpResponse invite(const Caller& admin, const std::string& email, const std::string& role = "editor") {
        return server.call(admin, "POST", "/api/v1/invitations",
                           json::serialize(json::object{{"email", email}, {"role", role}}));
    }
    HttpResponse accept(const std::string& token, const std::string& password, const std::string& name = {}) {
        json::object body{{"token", token}, {"password", password}};
        if (!name.empty()) body["name"] = name;
        return server.anonymous("POST", "/api/v1/invitations/accept", json::serialize(body));
    }
    std::size_t organisations_of(const Caller& caller) {
        return server.call(caller, "GET", "/api/v1/orgs").json().at("items").as_array().size();
    }
    static std::string token_of(const HttpResponse& invited) { return std::string(invited.json().at("token").as_string()); }
};

TEST_P(Invitations, AddingSomeoneDirectlyIsRefusedAndTakesNoAccount) {
    auto response = server.call(owner, "POST", "/api/v1/members",
                                json::serialize(json::object{{"email", email_of(stranger)}, {"role", "viewer"}}));
    EXPECT_EQ(response.status, 405) << response.body;
    EXPECT_EQ(response.json().at("error").at("code"), "members_join_by_invitation");
    EXPECT_EQ(response.body.find(stranger.user_id), std::string::npos);
    EXPECT_EQ(organisations_of(stranger), 1u);
}

TEST_P(Invitations, TheAnswerIsTheSameWhetherOrNotTheAddressHasAnAccount) {
    auto for_account = invite(owner, email_of(stranger));
    auto for_nobody = invite(owner, "nobody-here@example.com");
    ASSERT_EQ(for_account.status, 201) << for_account.body;
    ASSERT_EQ(for_nobody.status, for_account.status);
    auto keys = [](const json::object& object) {
        std::set<std::string> out;
        for (const auto& [key, value] : object) out.insert(std::string(key) + ":" + std::string(to_string(value.kind())));
        return out;
    };
    EXPECT_EQ(keys(for_account.json().as_object()), keys(for_nobody.json().as_object()));
    EXPECT_EQ(for_account.body.find(stranger.user_id), std::string::npos);
    EXPECT_EQ(for_account.json().at("name"), "") << "the account's name is not told either";
    // Invited is not joined.
    EXPECT_EQ(organisations_of(stranger), 1u);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/members").json().at("items").as_array().size(), 1u);
}

TEST_P(Invitations, AnExistingAccountJoinsOnlyWithItsOwnPassword) {
    auto invited = invite(owner, email_of(stranger), "editor");
    ASSERT_EQ(invited.status, 201) << invited.body;
    const auto token = token_of(invited);
    EXPECT_TRUE(invited.json().at("accept_url").as_string().ends_with("/invite#" + token));

    auto preview = server.anonymous("POST", "/api/v1/invitations/preview", json::serialize(json::object{{"token", token}}));
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_TRUE(preview.json().at("organisation").as_string().starts_with("Acme"));
    EXPECT_EQ(preview.json().at("role"), "editor");
    EXPECT_EQ(preview.json().at("invited_by"), "Owner");

    auto wrong = accept(token, "not the password at all");
    EXPECT_EQ(wrong.status, 401) << wrong.body;
    EXPECT_EQ(organisations_of(stranger), 1u);

    auto joined = accept(token, TestServer::password);
    ASSERT_EQ(joined.status, 200) << joined.body;
    EXPECT_EQ(joined.json().at("org_id"), owner.org_id) << "signed in where they just joined";
    EXPECT_EQ(joined.json().at("role"), "editor");
    EXPECT_NE(joined.header("set-cookie").find("chorus_session="), std::string::npos);
    EXPECT_EQ(organisations_of(stranger), 2u);
    // A link works once.
    auto again = accept(token, TestServer::password);
    EXPECT_EQ(again.status, 404);
    EXPECT_EQ(again.json().at("error").at("code"), "invitation_not_valid");
}

TEST_P(Invitations, WrongPasswordsAtTheLinkCountAsFailedSignIns) {
    const auto token = token_of(invite(owner, email_of(stranger)));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(accept(token, "guess number " + std::to_string(i)).status, 401);
    EXPECT_EQ(accept(token, TestServer::password).status, 429) << "the account is locked as after five failed sign-ins";
    auto login = server.anonymous("POST", "/api/v1/auth/login",
                                  json::serialize(json::object{{"email", email_of(stranger)}, {"password", TestServer::password}}));
    EXPECT_EQ(login.status, 429);
}

TEST_P(Invitations, ANewAccountChoosesItsOwnPassword) {
    const auto token = token_of(invite(owner, "Sam@Example.com", "contributor"));
    auto too_short = accept(token, "short");
    EXPECT_EQ(too_short.status, 422);
    EXPECT_EQ(too_short.json().at("error").at("field"), "password");

    auto joined = accept(token, "sam's own good password", "Sam");
    ASSERT_EQ(joined.status, 200) << joined.body;
    EXPECT_EQ(joined.json().at("user").at("email"), "sam@example.com");
    EXPECT_EQ(joined.json().at("user").at("name"), "Sam");
    EXPECT_EQ(joined.json().at("user").at("must_change_password"), false) << "nobody else chose this password";
    auto sam = server.sign_in("sam@example.com", "sam's own good password");
    EXPECT_EQ(sam.org_id, owner.org_id);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/members/" + sam.user_id).json().at("role"), "contributor");
}

TEST_P(Invitations, InvitingAgainReplacesTheLinkAndCancellingEndsIt) {
    const auto first = token_of(invite(owner, "kim@example.com"));
    auto second = invite(owner, "kim@example.com", "viewer");
    ASSERT_EQ(second.status, 201);
    EXPECT_EQ(accept(first, "kim's good password").json().at("error").at("code"), "invitation_not_valid");
    auto pending = server.call(owner, "GET", "/api/v1/invitations").json().at("items").as_array();
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].at("role"), "viewer");
    EXPECT_FALSE(pending[0].as_object().contains("token")) << "a link is shown once";

    const std::string id(second.json().at("id").as_string());
    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/invitations/" + id).status, 204);
    EXPECT_EQ(accept(token_of(second), "kim's good password").status, 404);
    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/invitations/" + id).status, 404);
}

TEST_P(Invitations, AnExpiredLinkIsRefused) {
    const auto token = token_of(invite(owner, "late@example.com"));
    ASSERT_TRUE(server.app().store().write([](store::Transaction& tx) -> Result<bool> {
        tx.execute("UPDATE invitations SET expires_at = 1", {});
        return true;
    }));
    auto late = accept(token, "late but good password");
    EXPECT_EQ(late.status, 404);
    EXPECT_EQ(late.json().at("error").at("code"), "invitation_expired");
}

TEST_P(Invitations, OnlyAdminsInviteAndOnlyOwnersMakeOwners) {
    auto admin = server.add_member(owner, "admin");
    auto editor = server.add_member(owner, "editor");
    EXPECT_EQ(invite(editor, "x@example.com").status, 403);
    EXPECT_EQ(server.call(editor, "GET", "/api/v1/invitations").status, 403);
    EXPECT_EQ(invite(admin, "boss@example.com", "owner").status, 403);
    EXPECT_EQ(invite(owner, "boss@example.com", "owner").status, 201);
    auto member = invite(owner, email_of(editor));
    EXPECT_EQ(member.status, 409);
    EXPECT_EQ(member.json().at("error").at("code"), "already_member");
    // Another organisation's invitations are not there for this one.
    const std::string id(invite(stranger, "kim@example.com").json().at("id").as_string());
    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/invitations/" + id).status, 404);
}

TEST_P(Invitations, ABadLinkIsRefusedWithoutSayingWhy) {
    for (std::string token : {"", "chorus_inv_nothing", "not even the shape"}) {
        auto response = accept(token, "some good password");
        EXPECT_EQ(response.status, 404) << token << " → " << response.body;
        EXPECT_EQ(response.json().at("error").at("code"), "invitation_not_valid");
    }
    auto preview = server.anonymous("POST", "/api/v1/invitations/preview", R"({"token":"chorus_inv_x"})");
    EXPECT_EQ(preview.status, 404);
    EXPECT_EQ(preview.json().at("error").at("code"), "invitation_not_valid");
}

TEST_P(Invitations, AShortPasswordIsRefusedAlikeWithOrWithoutAnAccount) {
    auto for_account = accept(token_of(invite(owner, email_of(stranger))), "short");
    auto for_nobody = accept(token_of(invite(owner, "nobody-here@example.com")), "short");
    EXPECT_EQ(for_account.status, 422);
    EXPECT_EQ(for_account.body, for_nobody.body) << "the inviter holds the link: it must not tell them apart";
}

TEST_P(Invitations, ALinkEndsWithItsInvitersRight) {
    auto admin = server.add_member(owner, "admin");
    const auto removed_token = token_of(invite(admin, "friend-of-admin@example.com", "admin"));
    const auto demoted_token = token_of(invite(admin, "another-friend@example.com", "editor"));
    ASSERT_EQ(server.call(owner, "PATCH", "/api/v1/members/" + admin.user_id, R"({"role":"editor"})").status, 200);
    auto after_demotion = accept(demoted_token, "a good password here");
    EXPECT_EQ(after_demotion.status, 404) << "an editor cannot invite, so their earlier links stop";
    ASSERT_EQ(server.call(owner, "DELETE", "/api/v1/members/" + admin.user_id).status, 204);
    auto after_removal = accept(removed_token, "a good password here");
    EXPECT_EQ(after_removal.status, 404) << "a removed admin cannot come back through a link made before";
    EXPECT_EQ(after_removal.json().at("error").at("code"), "invitation_not_valid");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/members").json().at("items").as_array().size(), 1u);
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, Invitations, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace chorus::testing
