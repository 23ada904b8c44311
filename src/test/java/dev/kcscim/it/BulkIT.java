package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /Bulk} on the real server: bulkIds, order, per-operation atomicity, failOnErrors, limits, events. */
class BulkIT {

    private static final String BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("bulk", Map.of("teamsParentGroup", "/teams"));

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
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true)).send(), 204);
    }

    private static Map<String, Object> bulk(Object failOnErrors, Map<?, ?>... operations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(BULK));
        if (failOnErrors != null) {
            body.put("failOnErrors", failOnErrors);
        }
        body.put("Operations", List.of(operations));
        return body;
    }

    private static Map<String, Object> op(String method, String path, String bulkId, Object data) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("method", method);
        op.put("path", path);
        if (bulkId != null) {
            op.put("bulkId", bulkId);
        }
        if (data != null) {
            op.put("data", data);
        }
        return op;
    }

    private static Map<String, Object> user(String email) {
        return Map.of("schemas", List.of(USER), "userName", email, "name", Map.of("givenName", "Bulk", "familyName", "User"),
                "emails", List.of(Map.of("value", email, "primary", true)), "active", true);
    }

    private static String userId(String email) {
        JsonNode found = scim.filter("Users", "userName eq \"" + email + "\"").json().get("Resources");
        return found.isEmpty() ? null : found.get(0).get("id").asText();
    }

    @Test
    void aTeamAndItsNewMembersInOneRequestInAnyOrder() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Http.Result result = scim.post("/Bulk", bulk(null,
                op("POST", "/Groups", "team", Map.of("schemas", List.of(GROUP), "displayName", "Bulk team " + tag,
                        "members", List.of(Map.of("value", "bulkId:ann"), Map.of("value", "bulkId:bob")))),
                op("POST", "/Users", "ann", user("ann-" + tag + "@example.com")),
                op("POST", "/Users", "bob", user("bob-" + tag + "@example.com"))));
        assertEquals(200, result.status(), result::toString);
        JsonNode operations = result.json().get("Operations");
        assertEquals(List.of("team", "ann", "bob"), operations.findValuesAsText("bulkId"));
        operations.forEach(o -> assertEquals("201", o.get("status").asText(), o::toString));
        String team = operations.get(0).get("location").asText().replaceAll(".*/", "");
        assertTrue(operations.get(1).get("location").asText().endsWith("/Users/" + userId("ann-" + tag + "@example.com")));
        assertTrue(operations.get(0).hasNonNull("version"));
        List<String> members = admin.call("GET", "/" + realm + "/groups/" + team + "/members").send().json().findValuesAsText("username");
        assertEquals(List.of("ann-" + tag + "@example.com", "bob-" + tag + "@example.com"), members.stream().sorted().toList());

        // Events name the provisioning token, as for single requests.
        JsonNode events = admin.call("GET", "/" + realm + "/admin-events?resourceTypes=USER&operationTypes=CREATE&max=100").send().json();
        assertTrue(events.toString().contains("scim:okta"), events::toString);
    }

    @Test
    void aFailedOperationWritesNothingAndTheOthersStand() {
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("passwordPolicy", "length(12)")).send(), 204);
        try {
            String tag = UUID.randomUUID().toString().substring(0, 6);
            Map<String, Object> weak = new LinkedHashMap<>(user("weak-" + tag + "@example.com"));
            weak.put("password", "short");
            Http.Result result = scim.post("/Bulk", bulk(null,
                    op("POST", "/Users", "first", user("first-" + tag + "@example.com")),
                    op("POST", "/Users", "weak", weak),
                    op("POST", "/Users", "third", user("third-" + tag + "@example.com"))));
            JsonNode operations = result.json().get("Operations");
            assertEquals("201", operations.get(0).get("status").asText());
            assertEquals("400", operations.get(1).get("status").asText());
            assertTrue(operations.get(1).get("response").get("detail").asText().contains("password policy"), operations::toString);
            assertEquals("201", operations.get(2).get("status").asText());
            // The weak user's create had already added the account when the password was refused: it is rolled back.
            assertEquals(null, userId("weak-" + tag + "@example.com"));
            assertTrue(admin.call("GET", "/" + realm + "/users?exact=true&username=weak-" + tag + "@example.com").send().json().isEmpty());
            assertFalse(userId("first-" + tag + "@example.com") == null || userId("third-" + tag + "@example.com") == null);
        } finally {
            admin.require(admin.call("PUT", "/" + realm).json(Map.of("passwordPolicy", "")).send(), 204);
        }
    }

    @Test
    void patchPutDeleteAndVersionsWorkAsSingleRequestsDo() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String email = "pp-" + tag + "@example.com";
        JsonNode created = scim.post("/Users", ScimClient.oktaUser(email, "Pat", "Ch")).json();
        String id = created.get("id").asText();
        String version = created.get("meta").get("version").asText();
        Http.Result login = Http.post(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .body("application/x-www-form-urlencoded", "grant_type=password&client_id=admin-cli&username=" + email + "&password=1mz050nq").send();
        assertEquals(200, login.status(), login::toString);
        Http.Result result = scim.post("/Bulk", bulk(null,
                Map.of("method", "PATCH", "path", "/Users/" + id, "version", "W/\"stale\"",
                        "data", ScimClient.patchOps("replace", "title", "Stale")),
                Map.of("method", "PATCH", "path", "/Users/" + id, "version", version,
                        "data", ScimClient.patchOps("replace", "active", false)),
                op("PUT", "/Users/" + id, null, Map.of("schemas", List.of(USER), "userName", email, "active", false,
                        "title", "Replaced", "emails", List.of(Map.of("value", email, "primary", true)))),
                op("DELETE", "/Users/" + UUID.randomUUID(), null, null)));
        JsonNode operations = result.json().get("Operations");
        assertEquals("412", operations.get(0).get("status").asText(), "a stale version is refused, as If-Match is");
        assertEquals("200", operations.get(1).get("status").asText());
        assertEquals("200", operations.get(2).get("status").asText());
        assertEquals("404", operations.get(3).get("status").asText());
        JsonNode account = admin.call("GET", "/" + realm + "/users/" + id).send().json();
        assertFalse(account.get("enabled").asBoolean(), "deactivated through the bulk PATCH");
        assertTrue(admin.call("GET", "/" + realm + "/users/" + id + "/sessions").send().json().isEmpty(), "and its sessions ended");
        assertEquals("Replaced", scim.get("/Users/" + id).json().get("title").asText());
    }

    @Test
    void oktaAndEntraShapedOperations() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String okta = "okta-" + tag + "@example.com";
        String entra = "entra-" + tag + "@example.com";
        Map<String, Object> entraUser = Map.of("schemas", List.of(USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
                "externalId", "entra-" + tag, "userName", entra, "active", true, "displayName", "Entra Person",
                "emails", List.of(Map.of("primary", true, "type", "work", "value", entra)),
                "name", Map.of("formatted", "Entra Person", "familyName", "Person", "givenName", "Entra"),
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Map.of("department", "Research"));
        Http.Result result = scim.post("/Bulk", bulk(null,
                op("POST", "/Users", "okta", ScimClient.oktaUser(okta, "Okta", "Person")),
                op("PATCH", "/Users/bulkId:okta", null, Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                        "Operations", List.of(Map.of("op", "replace", "value", Map.of("active", false))))),
                op("POST", "/Users", "entra", entraUser),
                op("PATCH", "/Users/bulkId:entra", null, Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                        "Operations", List.of(Map.of("op", "Replace", "path", "displayName", "value", "Entra Renamed"),
                                Map.of("op", "Add", "path", "title", "value", "Researcher"),
                                Map.of("op", "Replace", "path", "active", "value", "False"))))));
        JsonNode operations = result.json().get("Operations");
        assertEquals(List.of("201", "200", "201", "200"), operations.findValuesAsText("status"), operations::toString);
        assertFalse(scim.get("/Users/" + userId(okta)).json().get("active").asBoolean());
        JsonNode entraRead = scim.get("/Users/" + userId(entra)).json();
        assertEquals("Entra Renamed", entraRead.get("displayName").asText());
        assertEquals("Researcher", entraRead.get("title").asText());
        assertFalse(entraRead.get("active").asBoolean());
        assertEquals("Research", entraRead.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").get("department").asText());
    }

    @Test
    void failOnErrorsStopsAfterThatManyFailures() {
        Http.Result result = scim.post("/Bulk", bulk(1,
                op("DELETE", "/Users/" + UUID.randomUUID(), null, null),
                op("POST", "/Users", "never", user("never-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com"))));
        JsonNode operations = result.json().get("Operations");
        assertEquals(1, operations.size(), operations::toString);
        assertEquals("404", operations.get(0).get("status").asText());
    }

    @Test
    void theLimitsServiceProviderConfigAdvertisesAreTheOnesEnforced() {
        JsonNode config = scim.get("/ServiceProviderConfig").json().get("bulk");
        assertTrue(config.get("supported").asBoolean());
        int maxOperations = config.get("maxOperations").asInt();
        int maxPayload = config.get("maxPayloadSize").asInt();
        assertEquals(1000, maxOperations);
        assertEquals(1024 * 1024, maxPayload);

        List<Map<String, Object>> deletes = new ArrayList<>();
        for (int i = 0; i <= maxOperations; i++) {
            deletes.add(op("DELETE", "/Users/missing-" + i, null, null));
        }
        Http.Result tooMany = scim.post("/Bulk", Map.of("schemas", List.of(BULK), "Operations", deletes));
        assertEquals("tooLarge", assertScimError(tooMany, 413).path("scimType").asText());
        Http.Result atTheLimit = scim.post("/Bulk", Map.of("schemas", List.of(BULK), "Operations", deletes.subList(0, maxOperations)));
        assertEquals(200, atTheLimit.status());
        assertEquals(maxOperations, atTheLimit.json().get("Operations").size());

        Map<String, Object> big = new LinkedHashMap<>(user("big@example.com"));
        big.put("title", "x".repeat(maxPayload));
        Http.Result tooLarge = scim.post("/Bulk", bulk(null, op("POST", "/Users", "big", big)));
        assertEquals("tooLarge", assertScimError(tooLarge, 413).path("scimType").asText());
        assertEquals(null, userId("big@example.com"));

        assertScimError(scim.post("/Bulk", Map.of("Operations", List.of(op("DELETE", "/Users/x", null, null)))), 400);
    }

    @Test
    void anOrganizationsBulkCreatesItsOwnManagedMembers() {
        try (TestServer.ProvisionedRealm orgs = server.provisionedRealm("bulk-org", Map.of())) {
            String organization = admin.createOrganization(orgs.name(), "Bulk Org", "bulk-org", "bulk-org.example");
            ScimClient org = admin.provisionOrganization(orgs.name(), organization, Map.of());

            Http.Result result = org.post("/Bulk", bulk(null,
                    op("POST", "/Users", "in", user("in@bulk-org.example")),
                    op("POST", "/Users", "out", user("out@elsewhere.example")),
                    op("POST", "/Groups", "team", Map.of("schemas", List.of(GROUP), "displayName", "Org team",
                            "members", List.of(Map.of("value", "bulkId:in"))))));
            JsonNode operations = result.json().get("Operations");
            assertEquals("201", operations.get(0).get("status").asText());
            assertEquals("400", operations.get(1).get("status").asText(), "outside the organization's domains");
            assertEquals("201", operations.get(2).get("status").asText());
            JsonNode members = admin.call("GET", "/" + orgs.name() + "/organizations/" + organization + "/members").send().json();
            assertEquals(List.of("in@bulk-org.example"), members.findValuesAsText("username"));
            assertEquals(1, org.get(operations.get(2).get("location").asText().replaceAll(".*/Groups/", "/Groups/")).json().get("members").size());
        }
    }

    @Test
    void operationsShareTransactionsInGroupsAndARefusalInAGroupChangesOnlyItself() {
        // 130 users in groups of 50 per transaction; number 75 is refused (its email is taken), so its group is
        // rolled back and run again one operation per transaction. The outcome is that of one by one.
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String taken = "taken-" + tag + "@example.com";
        admin.require(scim.post("/Users", user(taken)), 201);
        int count = 130;
        List<Map<?, ?>> operations = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String email = String.format("grouped-%s-%03d@example.com", tag, i);
            Map<String, Object> data = new LinkedHashMap<>(user(email));
            if (i == 75) {
                data.put("userName", taken);
                data.put("emails", List.of(Map.of("value", taken, "primary", true)));
            }
            operations.add(op("POST", "/Users", "u" + i, data));
        }
        operations.add(op("POST", "/Groups", "team", Map.of("schemas", List.of(GROUP), "displayName", "Grouped " + tag,
                "members", List.of(Map.of("value", "bulkId:u3"), Map.of("value", "bulkId:u120")))));
        Http.Result result = scim.post("/Bulk", bulk(null, operations.toArray(new Map<?, ?>[0])));
        assertEquals(200, result.status(), result::toString);
        JsonNode answers = result.json().get("Operations");
        assertEquals(count + 1, answers.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i == 75 ? "409" : "201", answers.get(i).get("status").asText(), "operation " + i + ": " + answers.get(i));
        }
        assertEquals("201", answers.get(count).get("status").asText(), answers.get(count)::toString);
        JsonNode listed = scim.filter("Users", "userName sw \"grouped-" + tag + "\"").json();
        assertEquals(count - 1, listed.get("totalResults").asInt(), "every user but the refused one, each once");
        String team = answers.get(count).get("location").asText().replaceAll(".*/", "");
        List<String> members = admin.call("GET", "/" + realm + "/groups/" + team + "/members").send().json().findValuesAsText("username");
        assertEquals(List.of(String.format("grouped-%s-003@example.com", tag), String.format("grouped-%s-120@example.com", tag)),
                members.stream().sorted().toList());
    }
}
