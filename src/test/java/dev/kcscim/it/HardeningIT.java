package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import dev.kcscim.testproviders.FailingEventListenerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.kcscim.testing.ScimAssertions.assertIsScimError;
import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defects found in review, each shown against the real server. */
class HardeningIT {

    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @RegisterExtension
    static final RealmFixture realm = RealmFixture.provisioned("hardening", Map.of("teamsParentGroup", "/teams"));

    private static ScimClient scim;
    private static String member;
    private static String outsider;
    private static String team;

    @BeforeAll
    static void seed() {
        scim = realm.scim();
        member = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("member@hardening.example", "Mem", "Ber")));
        outsider = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("outsider@hardening.example", "Out", "Sider")));
        team = ScimClient.id(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Order team",
                "externalId", "ext-order", "members", List.of(Map.of("value", member)))));
    }

    private static List<String> ids(Http.Result list) {
        assertEquals(200, list.status(), list::toString);
        List<String> ids = new ArrayList<>();
        list.json().get("Resources").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    @Test
    void groupFiltersAnswerTheSameWhateverTheOrderOfTheirConditions() {
        for (String condition : List.of("id eq \"" + team + "\"", "displayName eq \"Order team\"", "externalId eq \"ext-order\"")) {
            for (String members : List.of("members.value eq \"%s\"", "members[value eq \"%s\"]", "members eq \"%s\"")) {
                String withMember = String.format(members, member);
                String withOutsider = String.format(members, outsider);
                assertEquals(List.of(team), ids(scim.filter("Groups", condition + " and " + withMember)), condition + " and " + withMember);
                assertEquals(List.of(team), ids(scim.filter("Groups", withMember + " and " + condition)), withMember + " and " + condition);
                assertEquals(List.of(), ids(scim.filter("Groups", condition + " and " + withOutsider)), condition + " and " + withOutsider);
                assertEquals(List.of(), ids(scim.filter("Groups", withOutsider + " and " + condition)), withOutsider + " and " + condition);
            }
        }
        assertEquals(List.of(team), ids(scim.filter("Groups", "members.value eq \"" + member + "\" and members.value eq \"" + member + "\"")));
        assertEquals(List.of(), ids(scim.filter("Groups", "members.value eq \"" + member + "\" and members.value eq \"" + outsider + "\"")));
        assertEquals(List.of(team), ids(scim.filter("Groups", "displayName sw \"order\" and members.value eq \"" + member + "\"")));
        // What would need every member of every team is still refused, with the reason.
        assertScimError(scim.filter("Groups", "members.display co \"x\" and id eq \"" + team + "\""), 400, "invalidFilter");
    }

    @Test
    void emailsEqFindsSecondaryEmails() {
        Map<String, Object> body = ScimClient.oktaUser("primary@two-emails.example", "Two", "Emails");
        body.put("emails", List.of(Map.of("value", "primary@two-emails.example", "type", "work", "primary", true),
                Map.of("value", "Home.Address@two-emails.example", "type", "home")));
        String id = ScimClient.id(scim.post("/Users", body));
        for (String filter : List.of("emails eq \"home.address@two-emails.example\"", "emails.value eq \"HOME.ADDRESS@two-emails.example\"",
                "emails[value eq \"home.address@two-emails.example\"]", "emails eq \"primary@two-emails.example\"",
                "emails eq \"home.address@two-emails.example\" and name.familyName eq \"Emails\"")) {
            Http.Result found = scim.filter("Users", filter);
            assertEquals(List.of(id), ids(found), filter);
            assertEquals(1, found.json().get("totalResults").asInt(), filter);
        }
        assertEquals(List.of(), ids(scim.filter("Users", "emails[type eq \"work\" and value eq \"home.address@two-emails.example\"]")));

        // A replaced email list is what is found from then on.
        scim.patch("/Users/" + id, patchOps("replace", "emails", List.of(Map.of("value", "primary@two-emails.example", "primary", true),
                Map.of("value", "new.home@two-emails.example", "type", "home"))));
        assertEquals(List.of(), ids(scim.filter("Users", "emails eq \"home.address@two-emails.example\"")));
        assertEquals(List.of(id), ids(scim.filter("Users", "emails eq \"new.home@two-emails.example\"")));
    }

    @Test
    void aFailingEventListenerDoesNotBreakProvisioning() {
        TestServer server = realm.server();
        try (TestServer.ProvisionedRealm listened = server.provisionedRealm("listener", Map.of("teamsParentGroup", "/teams"))) {
            server.admin().require(server.admin().call("PUT", "/" + listened.name() + "/events/config").json(Map.of(
                    "eventsListeners", List.of("jboss-logging", FailingEventListenerFactory.ID), "adminEventsEnabled", true)).send(), 204);
            ScimClient client = listened.scim();
            Http.Result created = client.post("/Users", ScimClient.oktaUser("listened@hardening.example", "Lis", "Tened"));
            assertEquals(201, created.status(), created::toString);
            String id = ScimClient.id(created);
            assertEquals(200, client.patch("/Users/" + id, patchOps("replace", "title", "Audited")).status());
            assertEquals("Audited", client.get("/Users/" + id).json().get("title").asText());
            Http.Result group = client.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Listened",
                    "members", List.of(Map.of("value", id))));
            assertEquals(201, group.status(), group::toString);
            assertEquals(1, client.get("/Groups/" + ScimClient.id(group)).json().get("members").size());
            // The event store still has the events: the listener's failure cost nothing else.
            JsonNode events = server.admin().call("GET", "/" + listened.name() + "/admin-events?resourceTypes=USER").send().json();
            assertTrue(events.size() >= 2, events::toString);
        }
    }

    @Test
    void unknownAttributeNamesNeverWidenAProjection() {
        for (String path : List.of("/Groups/" + team, "/Users/" + member)) {
            JsonNode narrowed = scim.get(path + "?attributes=typo").json();
            assertEquals(Set.of("id", "schemas"), fieldNames(narrowed), path);
            JsonNode mixed = scim.get(path + "?attributes=typo,displayName").json();
            assertEquals(Set.of("id", "schemas", "displayName"), fieldNames(mixed), path);
        }
        JsonNode listed = scim.get("/Groups?attributes=nothing").json().get("Resources").get(0);
        assertEquals(Set.of("id", "schemas"), fieldNames(listed));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void usersDeletedWhileListsAndScansRunCauseNo5xx() throws Exception {
        TestServer server = realm.server();
        try (TestServer.ProvisionedRealm churn = server.provisionedRealm("churn", Map.of())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                Map<String, Object> body = ScimClient.oktaUser("churn" + i + "@hardening.example", "Churn", "User" + i);
                body.put("title", "Churner");
                ids.add(ScimClient.id(churn.scim().post("/Users", body)));
            }
            AtomicBoolean deleting = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> deleter = pool.submit(() -> {
                    for (String id : ids) {
                        server.admin().call("DELETE", "/" + churn.name() + "/users/" + id).send();
                    }
                    deleting.set(false);
                });
                Future<List<Http.Result>> lister = pool.submit(() -> {
                    List<Http.Result> results = new ArrayList<>();
                    while (deleting.get()) {
                        results.add(churn.scim().filter("Users", "title co \"churn\""));
                        results.add(churn.scim().get("/Users?count=50"));
                        results.add(churn.scim().filter("Users", "title eq \"Churner\" and name.givenName eq \"Churn\""));
                    }
                    return results;
                });
                deleter.get(5, TimeUnit.MINUTES);
                List<Http.Result> results = lister.get(5, TimeUnit.MINUTES);
                assertFalse(results.isEmpty());
                for (Http.Result result : results) {
                    assertEquals(200, result.status(), result::toString);
                    result.json().get("Resources").forEach(r -> assertTrue(r.hasNonNull("userName"), r::toString));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, churn.scim().get("/Users").json().get("totalResults").asInt());
        }
    }

    @Test
    void changingUserNameOrEmailToOneTakenIsAConflictAndChangesNothing() {
        Map<String, Object> body = ScimClient.oktaUser("taker@hardening.example", "Ta", "Ker");
        String id = ScimClient.id(scim.post("/Users", body));
        String version = scim.get("/Users/" + id).json().get("meta").get("version").asText();
        assertScimError(scim.patch("/Users/" + id, patchOps("replace", "userName", "member@hardening.example",
                "replace", "emails", List.of(Map.of("value", "member@hardening.example", "primary", true)))), 409, "uniqueness");
        body.put("userName", "outsider@hardening.example");
        body.put("emails", List.of(Map.of("value", "outsider@hardening.example", "primary", true)));
        assertScimError(scim.put("/Users/" + id, body), 409, "uniqueness");
        assertEquals(version, scim.get("/Users/" + id).json().get("meta").get("version").asText(), "nothing changed");
    }

    @Test
    void aFilterErrorIsInvalidFilterWhereverItIsRaised() {
        for (String filter : List.of("userName eq", "nosuch eq \"x\"", "active gt true", "emails[type eq \"w\"")) {
            Http.Result users = scim.filter("Users", filter);
            assertScimError(users, 400, "invalidFilter");
            Http.Result search = scim.post("/Users/.search", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                    "filter", filter));
            assertScimError(search, 400, "invalidFilter");
            assertIsScimError(scim.filter("Groups", filter));
        }
    }
}
