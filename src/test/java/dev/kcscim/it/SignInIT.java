package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Browser;
import dev.kcscim.testing.IdentityProviderStandIn;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SSO and SCIM meet: a person that SCIM provisioned signs in through the tenant's identity provider on the first
 * try, in a real browser (src/test/e2e/sign-in.mjs), into the account SCIM made. A second realm on the same server
 * plays Okta ({@link IdentityProviderStandIn}). The first test writes target/sign-in-account-console.png, the
 * screenshot in docs/.
 */
@ExtendWith(KeycloakExtension.class)
class SignInIT {

    private static TestServer server;
    private static AdminApi admin;
    private static IdentityProviderStandIn okta;

    @BeforeAll
    static void setUp(TestServer s) throws Exception {
        Browser.require();
        server = s;
        admin = server.admin();
        okta = IdentityProviderStandIn.create(admin);
    }

    @AfterAll
    static void tearDown() {
        if (okta != null) {
            okta.close();
        }
    }

    /** Signs in to the realm's account console in a fresh browser; returns what happened (see sign-in.mjs). */
    private static String signIn(String realm, String idpOrNull, String emailOrNull, String user, String password, String name,
                                 String expect, String screenshot) throws Exception {
        List<String> args = new ArrayList<>(List.of("--base", server.baseUrl(), "--realm", realm, "--user", user, "--password", password,
                "--name", name, "--expect", expect));
        args.addAll(idpOrNull != null ? List.of("--idp", idpOrNull) : List.of("--email", emailOrNull));
        if (screenshot != null) {
            args.addAll(List.of("--screenshot", Path.of("target", screenshot).toAbsolutePath().toString()));
        }
        Browser.Run run = Browser.run("sign-in.mjs", args, "sign-in-" + expect);
        assertTrue(run.output().contains("outcome: " + expect), "expected the sign-in to end in '" + expect + "': " + run.output());
        assertEquals(0, run.exitCode(), run.output());
        return run.output();
    }

    private static Map<String, Object> person(String email, String given, String family, String externalId) {
        return ScimClient.oktaPerson(email, given, family, externalId);
    }

    private static JsonNode links(String realm, String userId) {
        return admin.require(admin.call("GET", "/" + realm + "/users/" + userId + "/federated-identity").send(), 200).json();
    }

    private static int sessions(String realm, String userId) {
        return admin.require(admin.call("GET", "/" + realm + "/users/" + userId + "/sessions").send(), 200).json().size();
    }

    private static int accountsWithEmail(String realm, String email) {
        return admin.call("GET", "/" + realm + "/users?exact=true&email=" + email).send().json().size();
    }

    private static void settings(String realm, String tenantPath, Map<String, Object> settings) {
        admin.require(admin.call("PUT", "/" + realm + "/provisioning" + tenantPath + "/settings").json(settings).send(), 200);
    }

    private static void setActive(ScimClient scim, String id, boolean active) {
        admin.require(scim.patch("/Users/" + id, patchOps("replace", "active", active)), 200);
    }

    @Test
    void oidcWithExternalIdSignsTheProvisionedPersonInOnTheFirstTry() throws Exception {
        try (TestServer.ProvisionedRealm app = server.provisionedRealm("signin-oidc", Map.of())) {
            admin.require(admin.call("PUT", "/" + app.name()).json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send(), 204);
            okta.addOidcProvider(app.name(), "okta", "Okta");
            settings(app.name(), "", Map.of("identityProviderAlias", "okta"));
            String sub = okta.addPerson("alice@acme.example", "Alice-pw-1", "Alice", "Anders");

            String id = ScimClient.id(admin.require(app.scim().post("/Users", person("alice@acme.example", "Alice", "Anders", sub)), 201));
            JsonNode link = links(app.name(), id);
            assertEquals(1, link.size(), link.toString());
            assertEquals("okta", link.get(0).get("identityProvider").asText());
            assertEquals(sub, link.get(0).get("userId").asText());
            assertEquals("alice@acme.example", link.get(0).get("userName").asText());
            JsonNode events = admin.call("GET", "/" + app.name() + "/admin-events?resourceTypes=USER&operationTypes=CREATE").send().json();
            assertTrue(events.findValuesAsText("resourcePath").contains("users/" + id + "/federated-identity/okta"), events.toString());

            // The first sign-in lands in the account console of the provisioned account: no first broker login, no second account.
            signIn(app.name(), "okta", null, "alice@acme.example", "Alice-pw-1", "Alice Anders", "account", "sign-in-account-console.png");
            assertEquals(1, sessions(app.name(), id), "the session belongs to the provisioned account");
            assertEquals(1, accountsWithEmail(app.name(), "alice@acme.example"));

            // Deactivated in Okta: the same sign-in is refused, because the account is disabled. Reactivated: it works again.
            setActive(app.scim(), id, false);
            assertEquals(0, sessions(app.name(), id), "deactivation ended the session");
            signIn(app.name(), "okta", null, "alice@acme.example", "Alice-pw-1", "Alice Anders", "disabled", null);
            setActive(app.scim(), id, true);
            signIn(app.name(), "okta", null, "alice@acme.example", "Alice-pw-1", "Alice Anders", "account", null);
            assertEquals(1, sessions(app.name(), id));
            assertEquals(sub, links(app.name(), id).get(0).get("userId").asText(), "the same link throughout");
        }
    }

    @Test
    void samlWithUserNameSignsTheProvisionedPersonIn() throws Exception {
        try (TestServer.ProvisionedRealm app = server.provisionedRealm("signin-saml", Map.of())) {
            okta.addSamlProvider(app.name(), "okta-saml", "Okta SAML");
            settings(app.name(), "", Map.of("identityProviderAlias", "okta-saml", "identityProviderSubject", "userName"));
            okta.addPerson("carol@acme.example", "Carol-pw-1", "Carol", "Chen");

            String id = ScimClient.id(admin.require(app.scim().post("/Users", person("carol@acme.example", "Carol", "Chen", "00u-carol")), 201));
            JsonNode link = links(app.name(), id);
            assertEquals("okta-saml", link.get(0).get("identityProvider").asText());
            assertEquals("carol@acme.example", link.get(0).get("userId").asText(), "the NameID is the userName");

            signIn(app.name(), "okta-saml", null, "carol@acme.example", "Carol-pw-1", "Carol Chen", "account", null);
            assertEquals(1, sessions(app.name(), id));
            assertEquals(1, accountsWithEmail(app.name(), "carol@acme.example"));
        }
    }

    @Test
    void anOrganizationsPersonSignsInThroughTheIdentityProviderOfTheirEmailDomain() throws Exception {
        try (TestServer.ProvisionedRealm app = server.provisionedRealm("signin-org", Map.of())) {
            String organization = admin.createOrganization(app.name(), "Acme", "acme", "acme.example", "acme-labs.example");
            okta.addOidcProvider(app.name(), "okta-acme", "Acme Okta");
            okta.addOidcProvider(app.name(), "okta-labs", "Acme Labs Okta");
            okta.linkToOrganization(app.name(), organization, "okta-acme", "acme.example");
            okta.linkToOrganization(app.name(), organization, "okta-labs", "acme-labs.example");
            String tenant = "/organizations/" + organization;
            settings(app.name(), tenant, Map.of("enabled", true));
            JsonNode settings = admin.call("GET", "/" + app.name() + "/provisioning" + tenant + "/settings").send().json();
            assertEquals(List.of("okta-acme", "okta-labs"), settings.get("identityProviders").findValuesAsText("alias"));
            assertTrue(settings.get("identityProviderInUse").asText().contains("acme-labs.example to 'okta-labs'"), settings.toString());
            String token = admin.require(admin.call("POST", "/" + app.name() + "/provisioning" + tenant + "/tokens")
                    .json(Map.of("name", "okta-acme")).send(), 201).json().get("token").asText();
            ScimClient scim = new ScimClient(server.baseUrl() + "/realms/" + app.name() + "/provisioning" + tenant + "/scim/v2", token);
            String sub = okta.addPerson("dave@acme-labs.example", "Dave-pw-1", "Dave", "Dunn");

            String id = ScimClient.id(admin.require(scim.post("/Users", person("dave@acme-labs.example", "Dave", "Dunn", sub)), 201));
            JsonNode link = links(app.name(), id);
            assertEquals(1, link.size(), link.toString());
            assertEquals("okta-labs", link.get(0).get("identityProvider").asText(), "chosen by the email domain");
            assertEquals(sub, link.get(0).get("userId").asText());

            // Keycloak's organization login asks for the email and sends the person to the identity provider of its domain.
            signIn(app.name(), null, "dave@acme-labs.example", "dave@acme-labs.example", "Dave-pw-1", "Dave Dunn", "account", null);
            assertEquals(1, sessions(app.name(), id));
            assertEquals(1, accountsWithEmail(app.name(), "dave@acme-labs.example"));
            setActive(scim, id, false);
            signIn(app.name(), null, "dave@acme-labs.example", "dave@acme-labs.example", "Dave-pw-1", "Dave Dunn", "disabled", null);
        }
    }

    @Test
    void anAccountThatSignedInBeforeScimIsAdoptedWithItsLink() throws Exception {
        try (TestServer.ProvisionedRealm app = server.provisionedRealm("signin-adopt", Map.of())) {
            okta.addOidcProvider(app.name(), "okta", "Okta");
            String sub = okta.addPerson("erin@acme.example", "Erin-pw-1", "Erin", "Eastwood");
            // SSO came first: Keycloak's first broker login makes the account.
            signIn(app.name(), "okta", null, "erin@acme.example", "Erin-pw-1", "Erin Eastwood", "account", null);
            JsonNode existing = admin.call("GET", "/" + app.name() + "/users?exact=true&email=erin@acme.example").send().json();
            assertEquals(1, existing.size());
            String accountId = existing.get(0).get("id").asText();
            assertEquals(sub, links(app.name(), accountId).get(0).get("userId").asText());

            // Then SCIM is turned on with linking, and Okta's sequence matches the account by userName and updates it.
            settings(app.name(), "", Map.of("identityProviderAlias", "okta"));
            JsonNode found = app.scim().filter("Users", "userName eq \"erin@acme.example\"").json();
            assertEquals(1, found.get("totalResults").asInt());
            assertEquals(accountId, found.get("Resources").get(0).get("id").asText());
            admin.require(app.scim().put("/Users/" + accountId, person("erin@acme.example", "Erin", "Eastwood", sub)), 200);

            JsonNode user = admin.call("GET", "/" + app.name() + "/users/" + accountId).send().json();
            assertEquals("true", user.get("attributes").get("scimProvisioned").get(0).asText(), "the synced marker");
            JsonNode link = links(app.name(), accountId);
            assertEquals(1, link.size(), "the existing link, unchanged: " + link);
            assertEquals(sub, link.get(0).get("userId").asText());
            assertEquals(1, accountsWithEmail(app.name(), "erin@acme.example"), "no second account");
            signIn(app.name(), "okta", null, "erin@acme.example", "Erin-pw-1", "Erin Eastwood", "account", null);
            assertEquals(2, sessions(app.name(), accountId), "the first sign-in's session and this one, both of the one account");
        }
    }
}
