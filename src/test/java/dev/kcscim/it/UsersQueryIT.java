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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static dev.kcscim.testing.ScimClient.ENTERPRISE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7644 §3.4.2 filtering, paging and projection through the real server. */
class UsersQueryIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("query", Map.of());

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;

    /** name, family, domain, title, department, active */
    private static final List<String[]> PEOPLE = List.of(
            new String[]{"anna", "Archer", "alpha.example", "Engineer", "Sales", "true"},
            new String[]{"bob", "Baker", "alpha.example", null, "Sales", "true"},
            new String[]{"carla", "Cruz", "beta.example", "Manager", "Legal", "false"},
            new String[]{"dan", "Dunn", "beta.example", "Engineer", null, "true"},
            new String[]{"eve", "Evans", "gamma.example", null, "Legal", "false"},
            new String[]{"abe", "Abbott", "gamma.example", "Engineer", "Sales", "true"});

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
        for (String[] p : PEOPLE) {
            Map<String, Object> body = ScimClient.oktaUser(p[0] + "@" + p[2], p[0].substring(0, 1).toUpperCase() + p[0].substring(1), p[1]);
            body.remove("password");
            if (p[3] != null) {
                body.put("title", p[3]);
            }
            if (p[4] != null) {
                body.put(ENTERPRISE, Map.of("department", p[4]));
            }
            body.put("active", Boolean.parseBoolean(p[5]));
            admin.require(scim.post("/Users", body), 201);
        }
    }


    private Set<String> names(String filter) {
        Http.Result result = scim.filter("Users", filter);
        assertEquals(200, result.status(), filter + " -> " + result);
        JsonNode json = result.json();
        Set<String> names = new TreeSet<>();
        json.get("Resources").forEach(u -> names.add(u.get("userName").asText().split("@")[0]));
        assertEquals(json.get("totalResults").asInt(), names.size(), "totalResults is exact for " + filter);
        return names;
    }

    @Test
    void equalityAndOperators() {
        assertEquals(Set.of("anna"), names("userName eq \"ANNA@alpha.example\""));
        assertEquals(Set.of("anna"), names("USERNAME EQ \"anna@alpha.example\""));
        assertEquals(Set.of("anna"), names("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"anna@alpha.example\""));
        assertEquals(Set.of("anna", "bob"), names("emails.value ew \"@alpha.example\""));
        assertEquals(Set.of("anna", "bob"), names("emails co \"alpha\""));
        assertEquals(Set.of("anna", "abe"), names("userName sw \"a\""));
        assertEquals(Set.of("carla", "eve"), names("active eq false"));
        assertEquals(Set.of("anna", "bob", "dan", "abe"), names("active eq \"True\""));
        assertEquals(Set.of("bob", "carla", "dan", "eve", "abe"), names("userName ne \"anna@alpha.example\""));
        assertEquals(Set.of("anna", "carla", "dan", "abe"), names("title pr"));
        assertEquals(Set.of("carla", "dan", "eve"), names("name.familyName gt \"C\""));
        assertEquals(Set.of("anna", "abe"), names("name.familyName le \"Archer\""));
        assertEquals(Set.of("carla"), names("name.givenName eq \"Carla\""));
        assertEquals(Set.of("dan"), names("displayName eq \"Dan Dunn\""));
        assertEquals(Set.of("carla", "eve"), names(ENTERPRISE + ":department eq \"Legal\""));
        assertEquals(PEOPLE.size(), names("meta.lastModified gt \"2001-01-01T00:00:00Z\"").size());
        assertEquals(Set.of(), names("meta.created lt \"2001-01-01T00:00:00Z\""));

        // externalId is case-exact (RFC 7643 §3.1), read through the attribute index; the rest of the filter still holds.
        String annaExternal = "00u" + Integer.toHexString("anna@alpha.example".hashCode());
        assertEquals(Set.of("anna"), names("externalId eq \"" + annaExternal + "\""));
        assertEquals(Set.of(), names("externalId eq \"" + annaExternal.toUpperCase(java.util.Locale.ROOT) + "\""));
        assertEquals(Set.of("anna"), names("externalId eq \"" + annaExternal + "\" and active eq true"));
        assertEquals(Set.of(), names("active eq false and externalId eq \"" + annaExternal + "\""));
        assertEquals(Set.of("anna"), names("externalId eq \"" + annaExternal + "\" or userName eq \"nobody@x.example\""));
    }

    @Test
    void logicPrecedenceAndValuePaths() {
        // and binds tighter than or: anna, plus the inactive users whose name starts with c.
        assertEquals(Set.of("anna", "carla"), names("userName sw \"anna\" or userName sw \"c\" and active eq false"));
        assertEquals(Set.of("carla"), names("(userName sw \"anna\" or userName sw \"c\") and active eq false"));
        assertEquals(Set.of("bob", "eve"), names("not (title pr)"));
        assertEquals(Set.of("anna", "bob"), names("emails[type eq \"work\" and value co \"@alpha\"]"));
        assertEquals(Set.of(), names("emails[type eq \"home\"]"));
        assertEquals(Set.of("dan"), names("title eq \"Engineer\" and not (" + ENTERPRISE + ":department pr) "));
        assertEquals(Set.of("anna", "abe"), names("active eq true and title eq \"Engineer\" and " + ENTERPRISE + ":department eq \"Sales\""));
    }

    @Test
    void pagingIsOneBasedStableAndCapped() {
        JsonNode all = scim.get("/Users?startIndex=1&count=100").json();
        int total = all.get("totalResults").asInt();
        assertEquals(PEOPLE.size(), total);
        List<String> order = new ArrayList<>();
        all.get("Resources").forEach(u -> order.add(u.get("id").asText()));

        List<String> paged = new ArrayList<>();
        for (int start = 1; start <= total; start += 4) {
            JsonNode page = scim.get("/Users?startIndex=" + start + "&count=4").json();
            assertEquals(start, page.get("startIndex").asInt());
            assertEquals(page.get("Resources").size(), page.get("itemsPerPage").asInt());
            page.get("Resources").forEach(u -> paged.add(u.get("id").asText()));
        }
        assertEquals(order, paged, "pages neither overlap nor skip");

        assertEquals(order, ids(scim.get("/Users?startIndex=0&count=100").json()), "startIndex below 1 is 1");
        JsonNode countOnly = scim.get("/Users?count=0").json();
        assertEquals(total, countOnly.get("totalResults").asInt());
        assertEquals(0, countOnly.get("Resources").size());
        JsonNode beyond = scim.get("/Users?startIndex=1000").json();
        assertEquals(total, beyond.get("totalResults").asInt());
        assertEquals(0, beyond.get("Resources").size());
        JsonNode negative = scim.get("/Users?count=-5").json();
        assertEquals(0, negative.get("Resources").size());
        int max = scim.get("/ServiceProviderConfig").json().get("filter").get("maxResults").asInt();
        assertTrue(scim.get("/Users?count=100000").json().get("itemsPerPage").asInt() <= max);

        List<String> filteredPaged = new ArrayList<>();
        for (int start = 1; start <= 4; start += 2) {
            filteredPaged.addAll(ids(scim.get("/Users?count=2&startIndex=" + start + "&filter=" + java.net.URLEncoder.encode("title pr", java.nio.charset.StandardCharsets.UTF_8)).json()));
        }
        assertEquals(4, Set.copyOf(filteredPaged).size(), "scan results page without overlap");
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("Resources").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    @Test
    void attributesAndExcludedAttributes() {
        JsonNode only = scim.get("/Users?filter=userName%20eq%20%22anna@alpha.example%22&attributes=userName,name.givenName").json().get("Resources").get(0);
        Set<String> fields = new TreeSet<>();
        only.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("id", "schemas", "userName", "name"), fields);
        assertEquals(Set.of("givenName"), fieldNames(only.get("name")));

        String id = only.get("id").asText();
        JsonNode without = scim.get("/Users/" + id + "?excludedAttributes=emails,meta,name.familyName").json();
        assertNull(without.get("emails"));
        assertNull(without.get("meta"));
        assertNull(without.get("name").get("familyName"));
        assertEquals("Anna", without.get("name").get("givenName").asText());
        assertEquals(id, scim.get("/Users/" + id + "?excludedAttributes=id").json().get("id").asText(), "id is always returned");
        JsonNode valuePathAttribute = scim.get("/Users/" + id + "?attributes=" + java.net.URLEncoder.encode("emails[type eq \"work\"]", java.nio.charset.StandardCharsets.UTF_8)).json();
        assertEquals("anna@alpha.example", valuePathAttribute.get("emails").get(0).get("value").asText(), "Entra's value path in attributes names the attribute");
        assertNull(valuePathAttribute.get("userName"));
        JsonNode enterpriseOnly = scim.get("/Users/" + id + "?attributes=" + ENTERPRISE + ":department").json();
        assertEquals("Sales", enterpriseOnly.get(ENTERPRISE).get("department").asText());
        assertNull(enterpriseOnly.get("userName"));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void searchByPost() {
        Http.Result result = scim.post("/Users/.search", Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", "active eq false", "startIndex", 1, "count", 10, "attributes", List.of("userName")));
        assertEquals(200, result.status(), result::toString);
        JsonNode json = result.json();
        assertEquals(2, json.get("totalResults").asInt());
        Set<String> names = new TreeSet<>();
        StreamSupport.stream(json.get("Resources").spliterator(), false).forEach(u -> {
            names.add(u.get("userName").asText());
            assertFalse(u.has("emails"));
        });
        assertEquals(Set.of("carla@beta.example", "eve@gamma.example"), names);
    }
}
