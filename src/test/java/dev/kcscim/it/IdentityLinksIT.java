package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.IdentityProviderStandIn;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The federated identity links SCIM keeps, through the admin and SCIM APIs (SignInIT signs people in with them):
 * settings and their refusals, links on create, PUT, PATCH and /Bulk, conflicts that write nothing, the events,
 * what the activity log and the console are told, the delete modes, and linking accounts pushed before linking
 * was on.
 */
class IdentityLinksIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("links", Map.of());

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send(), 204);
        addProvider(realm, "okta");
        addProvider(realm, "google");
    }

    static void addProvider(String realm, String alias) {
        IdentityProviderStandIn.addUnreachableProvider(admin, realm, alias);
    }

    private static Http.Result putSettings(Map<String, Object> settings) {
        return admin.call("PUT", "/" + realm + "/provisioning/settings").json(settings).send();
    }

    private static Map<String, Object> person(String email, String externalId) {
        return ScimClient.oktaPerson(email, "Linked", "Person", externalId);
    }

    private static JsonNode links(String userId) {
        return admin.require(admin.call("GET", "/" + realm + "/users/" + userId + "/federated-identity").send(), 200).json();
    }

    private static String linkedId(String userId, String alias) {
        for (JsonNode link : links(userId)) {
            if (link.get("identityProvider").asText().equals(alias)) {
                return link.get("userId").asText();
            }
        }
        return null;
    }

    private static String find(String userName) {
        JsonNode found = scim.filter("Users", "userName eq \"" + userName + "\"").json().get("Resources");
        return found.isEmpty() ? null : found.get(0).get("id").asText();
    }

    private static JsonNode activityUntil(Predicate<JsonNode> ready) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode entries;
        do {
            entries = admin.require(admin.call("GET", "/" + realm + "/provisioning/activity").send(), 200).json();
            if (ready.test(entries)) {
                return entries;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("The activity log never showed what was expected: " + entries);
    }

    @Test
    void settingsNameAnIdentityProviderOfTheTenantAndRefuseOthers() {
        JsonNode before = admin.call("GET", "/" + realm + "/provisioning/settings").send().json();
        assertTrue(before.get("identityProviders").findValuesAsText("alias").containsAll(List.of("google", "okta")), before.toString());
        assertEquals("externalId", before.get("identityProviderSubject").asText());

        Http.Result unknown = putSettings(Map.of("identityProviderAlias", "nope", "trustEmail", false));
        assertEquals(400, unknown.status(), unknown.toString());
        assertTrue(unknown.body().contains("'nope'") && unknown.body().contains("okta"), unknown.body());
        Http.Result subject = putSettings(Map.of("identityProviderSubject", "email"));
        assertEquals(400, subject.status());
        assertTrue(subject.body().contains("externalId") && subject.body().contains("userName"), subject.body());
        JsonNode after = admin.call("GET", "/" + realm + "/provisioning/settings").send().json();
        assertEquals(before.get("identityProviderAlias"), after.get("identityProviderAlias"), "nothing was saved");
        assertEquals(before.get("trustEmail"), after.get("trustEmail"), "nothing was saved");

        String org = organizationWithoutProviders();
        Http.Result notLinked = admin.call("PUT", "/" + realm + "/provisioning/organizations/" + org + "/settings")
                .json(Map.of("identityProviderAlias", "okta")).send();
        assertEquals(400, notLinked.status(), notLinked.toString());
        assertTrue(notLinked.body().contains("'okta' is not linked to the organization"), notLinked.body());
        JsonNode orgSettings = admin.call("GET", "/" + realm + "/provisioning/organizations/" + org + "/settings").send().json();
        assertTrue(orgSettings.get("identityProviderAlias").isNull());
        assertTrue(orgSettings.get("identityProviders").isEmpty(), "the realm's providers are not the organization's");
        assertTrue(orgSettings.get("identityProviderInUse").asText().contains("no identity provider is linked"), orgSettings.toString());
    }

    private static String organizationWithoutProviders() {
        long unique = System.nanoTime();
        return admin.createOrganization(realm, "No SSO " + unique, "nosso-" + unique, "nosso" + unique + ".example");
    }

    @Test
    void createPutPatchAndBulkKeepTheLinkAndConflictsWriteNothing() throws Exception {
        admin.require(putSettings(Map.of("identityProviderAlias", "okta", "identityProviderSubject", "externalId")), 200);
        String first = ScimClient.id(admin.require(scim.post("/Users", person("link.one@acme.example", "00u-one")), 201));
        assertEquals("00u-one", linkedId(first, "okta"));

        // One externalId, two people: the second is refused and not created.
        JsonNode twice = assertScimError(scim.post("/Users", person("link.two@acme.example", "00u-one")), 409, "uniqueness");
        assertTrue(twice.get("detail").asText().contains("'okta'"), twice.toString());
        assertNull(find("link.two@acme.example"), "the refused person was not created");

        // A link to another identity provider is never touched.
        admin.require(admin.call("POST", "/" + realm + "/users/" + first + "/federated-identity/google")
                .json(Map.of("identityProvider", "google", "userId", "g-1", "userName", "link.one")).send(), 204);

        // PATCH of externalId moves the link; the events say so as Keycloak's own API files them.
        admin.require(scim.patch("/Users/" + first, patchOps("replace", "externalId", "00u-one-b")), 200);
        assertEquals("00u-one-b", linkedId(first, "okta"));
        assertEquals("g-1", linkedId(first, "google"));
        JsonNode deletes = admin.call("GET", "/" + realm + "/admin-events?resourceTypes=USER&operationTypes=DELETE").send().json();
        assertTrue(deletes.findValuesAsText("resourcePath").contains("users/" + first + "/federated-identity/okta"), deletes.toString());
        JsonNode creates = admin.call("GET", "/" + realm + "/admin-events?resourceTypes=USER&operationTypes=CREATE").send().json();
        assertTrue(creates.findValuesAsText("representation").stream().anyMatch(r -> r.contains("00u-one-b")), creates.toString());

        // A PUT to a subject another account has: 409 naming the alias, and nothing of the PUT is written.
        String second = ScimClient.id(admin.require(scim.post("/Users", person("link.three@acme.example", "00u-three")), 201));
        Map<String, Object> taken = person("link.three@acme.example", "00u-one-b");
        taken.put("name", Map.of("givenName", "Changed", "familyName", "Name"));
        JsonNode conflict = assertScimError(scim.put("/Users/" + second, taken), 409, "uniqueness");
        assertTrue(conflict.get("detail").asText().contains("'okta'"), conflict.toString());
        JsonNode unchanged = scim.get("/Users/" + second).json();
        assertEquals("Linked", unchanged.get("name").get("givenName").asText(), "the PUT wrote nothing");
        assertEquals("00u-three", unchanged.get("externalId").asText());
        assertEquals("00u-three", linkedId(second, "okta"));
        assertEquals(1, links(second).size());

        // A PUT without externalId leaves the link as it is.
        admin.require(scim.put("/Users/" + second, person("link.three@acme.example", null)), 200);
        assertEquals("00u-three", linkedId(second, "okta"));

        // /Bulk creates link as a POST does.
        Map<String, Object> bulk = new LinkedHashMap<>();
        bulk.put("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"));
        bulk.put("Operations", List.of(Map.of("method", "POST", "path", "/Users", "bulkId", "b1", "data", person("link.bulk@acme.example", "00u-bulk"))));
        admin.require(scim.post("/Bulk", bulk), 200);
        assertEquals("00u-bulk", linkedId(find("link.bulk@acme.example"), "okta"));
    }

    @Test
    void aPersonWithoutAnExternalIdIsCreatedUnlinkedAndThePageAndTheLogSaySo() throws Exception {
        admin.require(putSettings(Map.of("identityProviderAlias", "okta", "identityProviderSubject", "externalId")), 200);
        String id = ScimClient.id(admin.require(scim.post("/Users", person("no.external@acme.example", null)), 201));
        assertTrue(links(id).isEmpty());
        JsonNode synced = admin.call("GET", "/" + realm + "/provisioning/synced-users?id=" + id).send().json();
        assertEquals("okta", synced.get(0).get("identityProvider").asText());
        assertTrue(synced.get(0).get("identityProviderUserId").isNull());
        assertTrue(synced.get(0).get("linkProblem").asText().contains("no externalId"), synced.toString());
        JsonNode entries = activityUntil(e -> {
            for (JsonNode entry : e) {
                if (entry.path("resourceId").asText().equals(id) || (entry.path("status").asInt() == 201
                        && entry.path("detail").asText().contains("no externalId"))) {
                    return true;
                }
            }
            return false;
        });
        boolean noted = false;
        for (JsonNode entry : entries) {
            noted |= entry.path("status").asInt() == 201 && entry.path("detail").asText().contains("Not linked to the identity provider 'okta'");
        }
        assertTrue(noted, "the activity log says the account has no link: " + entries);

        String linked = ScimClient.id(admin.require(scim.post("/Users", person("with.external@acme.example", "00u-with")), 201));
        JsonNode shown = admin.call("GET", "/" + realm + "/provisioning/synced-users?id=" + linked).send().json();
        assertEquals("00u-with", shown.get(0).get("identityProviderUserId").asText());
        assertTrue(shown.get(0).get("linkProblem").isNull());
    }

    @Test
    void withTheUserNameAsSubjectARenameMovesTheLinkAndAnOverlongIdIsNoLink() {
        admin.require(putSettings(Map.of("identityProviderAlias", "okta", "identityProviderSubject", "userName")), 200);
        try {
            String id = ScimClient.id(admin.require(scim.post("/Users", person("Saml.Person@acme.example", "00u-saml")), 201));
            assertEquals("Saml.Person@acme.example", linkedId(id, "okta"), "the userName as the identity provider spells it");
            admin.require(scim.put("/Users/" + id, person("renamed.person@acme.example", "00u-saml")), 200);
            assertEquals("renamed.person@acme.example", linkedId(id, "okta"), "the link moved with the userName");
            assertEquals(1, links(id).size());
        } finally {
            admin.require(putSettings(Map.of("identityProviderSubject", "externalId")), 200);
        }
        // Keycloak keeps a link's id in 255 characters; a longer externalId is kept on the account, without a link.
        String overlong = "00u" + "x".repeat(300);
        String id = ScimClient.id(admin.require(scim.post("/Users", person("long.id@acme.example", overlong)), 201));
        assertTrue(links(id).isEmpty());
        assertEquals(overlong, scim.get("/Users/" + id).json().get("externalId").asText());
        JsonNode synced = admin.call("GET", "/" + realm + "/provisioning/synced-users?id=" + id).send().json();
        assertTrue(synced.get(0).get("linkProblem").asText().contains("longer than 255"), synced.toString());
    }

    @Test
    void disableModeKeepsTheLinkAndDeleteModeRemovesTheAccountWithIt() {
        admin.require(putSettings(Map.of("identityProviderAlias", "okta", "deleteMode", "disable")), 200);
        String kept = ScimClient.id(admin.require(scim.post("/Users", person("keep.link@acme.example", "00u-keep")), 201));
        admin.require(scim.delete("/Users/" + kept), 204);
        assertFalse(admin.call("GET", "/" + realm + "/users/" + kept).send().json().get("enabled").asBoolean());
        assertEquals("00u-keep", linkedId(kept, "okta"), "disable mode keeps the link");

        admin.require(putSettings(Map.of("deleteMode", "delete")), 200);
        String gone = ScimClient.id(admin.require(scim.post("/Users", person("drop.link@acme.example", "00u-drop")), 201));
        admin.require(scim.delete("/Users/" + gone), 204);
        assertEquals(404, admin.call("GET", "/" + realm + "/users/" + gone).send().status());
        // The id is free again: nothing links it to the deleted account any more.
        String again = ScimClient.id(admin.require(scim.post("/Users", person("drop.link@acme.example", "00u-drop")), 201));
        assertEquals("00u-drop", linkedId(again, "okta"));
    }

    @Test
    void linkingTurnedOnLaterLinksAThousandAccountsOnceAndReportsTheRest() throws Exception {
        try (TestServer.ProvisionedRealm later = server.provisionedRealm("links-later", Map.of())) {
            addProvider(later.name(), "okta");
            Http.Result off = admin.call("POST", "/" + later.name() + "/provisioning/link-accounts").send();
            assertEquals(400, off.status(), "linking is off: " + off);
            List<Map<String, Object>> operations = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                operations.add(Map.of("method", "POST", "path", "/Users", "bulkId", "u" + i,
                        "data", person(String.format("later-%04d@acme.example", i), "00u-later-" + i)));
            }
            Map<String, Object> bulk = new LinkedHashMap<>();
            bulk.put("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"));
            bulk.put("Operations", operations);
            JsonNode pushed = admin.require(later.scim().post("/Bulk", bulk), 200).json();
            assertEquals(1000, pushed.get("Operations").findValuesAsText("status").stream().filter("201"::equals).count());
            for (int i = 0; i < 3; i++) {
                admin.require(later.scim().post("/Users", person("later-noid-" + i + "@acme.example", null)), 201);
            }
            // An account made by hand is not provisioned, and the action leaves it alone.
            admin.require(admin.call("POST", "/" + later.name() + "/users").json(Map.of("username", "manual@acme.example", "enabled", true)).send(), 201);

            admin.require(admin.call("PUT", "/" + later.name() + "/provisioning/settings").json(Map.of("identityProviderAlias", "okta")).send(), 200);
            JsonNode report = admin.require(admin.call("POST", "/" + later.name() + "/provisioning/link-accounts").send(), 200).json();
            assertEquals(1000, report.get("linked").asInt(), report.toString());
            assertEquals(0, report.get("alreadyLinked").asInt());
            assertEquals(3, report.get("skipped").asInt());
            assertEquals(3, report.get("skippedAccounts").size());
            assertTrue(report.get("skippedAccounts").get(0).get("reason").asText().contains("no externalId"), report.toString());
            assertTrue(report.get("batches").asInt() > 1, "bounded batches: " + report);

            String sample = later.scim().filter("Users", "userName eq \"later-0420@acme.example\"").json().get("Resources").get(0).get("id").asText();
            JsonNode link = admin.call("GET", "/" + later.name() + "/users/" + sample + "/federated-identity").send().json();
            assertEquals("00u-later-420", link.get(0).get("userId").asText());

            JsonNode second = admin.require(admin.call("POST", "/" + later.name() + "/provisioning/link-accounts").send(), 200).json();
            assertEquals(0, second.get("linked").asInt(), second.toString());
            assertEquals(1000, second.get("alreadyLinked").asInt());
            assertEquals(3, second.get("skipped").asInt());
        }
    }
}
