package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sortBy}/{@code sortOrder} on the real server: every sortable attribute, both orders, stable pages, refusals. */
class SortIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("sort", Map.of("teamsParentGroup", "/teams"));

    private static final String[] FAMILY = {"Moreau", "adams", "Zeller", "brown", "Lee", "Okafor", "Diaz", "Ng", "Ivanova"};
    private static AdminApi admin;
    private static ScimClient scim;
    private static final List<String> USER_NAMES = new ArrayList<>();

    @BeforeAll
    static void setUp() throws InterruptedException {
        admin = fixture.admin();
        scim = fixture.scim();
        for (int i = 0; i < FAMILY.length; i++) {
            String email = String.format("sorted-%02d@%s.example", (i * 5) % FAMILY.length, FAMILY[i].toLowerCase());
            Map<String, Object> user = ScimClient.oktaUser(email, "Given" + (char) ('A' + (FAMILY.length - i)), FAMILY[i]);
            user.remove("password");
            admin.require(scim.post("/Users", user), 201);
            USER_NAMES.add(email);
            Thread.sleep(5); // distinct creation times
        }
        for (String team : List.of("delta", "Alpha", "charlie", "Bravo")) {
            admin.require(scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", team)), 201);
        }
    }

    private static List<String> values(String query, String field) {
        JsonNode page = scim.get("/Users?filter=" + enc("userName sw \"sorted-\"") + "&" + query).json();
        List<String> out = new ArrayList<>();
        page.get("Resources").forEach(r -> out.add(field.equals("familyName") ? r.get("name").get("familyName").asText()
                : field.equals("givenName") ? r.get("name").get("givenName").asText() : r.get(field).asText()));
        return out;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void usersSortByEachSortableAttributeBothWays() {
        List<String> byName = USER_NAMES.stream().sorted().toList();
        assertEquals(byName, values("sortBy=userName", "userName"));
        assertEquals(reversed(byName), values("sortBy=userName&sortOrder=descending", "userName"));

        List<String> families = List.of(FAMILY).stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
        assertEquals(families, values("sortBy=name.familyName", "familyName"));
        assertEquals(reversed(families), values("sortBy=name.familyName&sortOrder=DESCENDING", "familyName"));
        assertEquals(families, values("sortBy=urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", "familyName"), "URN-qualified");

        List<String> given = values("sortBy=name.givenName", "givenName");
        assertEquals(given.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(), given);
        List<String> emails = values("sortBy=emails.value&sortOrder=descending", "userName");
        assertEquals(emails.stream().sorted(Comparator.reverseOrder()).toList(), emails, "the primary email (here equal to userName)");
        assertEquals(USER_NAMES, values("sortBy=meta.created", "userName"), "creation order");
        assertEquals(reversed(USER_NAMES), values("sortBy=meta.lastModified&sortOrder=descending", "userName"));
        List<String> display = values("sortBy=displayName", "displayName");
        assertEquals(display.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(), display);
    }

    @Test
    void pagesOfASortedListAreStableAndComplete() {
        List<String> whole = values("sortBy=name.familyName&sortOrder=descending&count=100", "familyName");
        List<String> paged = new ArrayList<>();
        for (int start = 1; start <= whole.size(); start += 4) {
            paged.addAll(values("sortBy=name.familyName&sortOrder=descending&count=4&startIndex=" + start, "familyName"));
        }
        assertEquals(whole, paged);

        // Without a filter, userName descending is read from the database's end, page by page.
        JsonNode all = scim.get("/Users?sortBy=userName&count=200").json();
        List<String> ascending = new ArrayList<>();
        all.get("Resources").forEach(r -> ascending.add(r.get("userName").asText()));
        List<String> descending = new ArrayList<>();
        for (int start = 1; start <= ascending.size(); start += 3) {
            scim.get("/Users?sortBy=userName&sortOrder=descending&count=3&startIndex=" + start).json().get("Resources")
                    .forEach(r -> descending.add(r.get("userName").asText()));
        }
        assertEquals(reversed(ascending), descending);
        assertEquals(all.get("totalResults").asInt(), scim.get("/Users?sortBy=userName&sortOrder=descending&count=0").json().get("totalResults").asInt());
    }

    @Test
    void teamsSortByDisplayName() {
        JsonNode ascending = scim.get("/Groups?sortBy=displayName&excludedAttributes=members").json();
        List<String> names = new ArrayList<>();
        ascending.get("Resources").forEach(r -> names.add(r.get("displayName").asText()));
        assertEquals(List.of("Alpha", "Bravo", "charlie", "delta"), names);
        List<String> reversed = new ArrayList<>();
        for (int start = 1; start <= 4; start += 3) {
            scim.get("/Groups?sortBy=displayName&sortOrder=descending&count=3&startIndex=" + start).json().get("Resources")
                    .forEach(r -> reversed.add(r.get("displayName").asText()));
        }
        assertEquals(List.of("delta", "charlie", "Bravo", "Alpha"), reversed);
        JsonNode filtered = scim.get("/Groups?filter=" + enc("displayName ne \"Alpha\"") + "&sortBy=displayName&sortOrder=descending").json();
        assertEquals("delta", filtered.get("Resources").get(0).get("displayName").asText());
        assertEquals(3, filtered.get("totalResults").asInt());
    }

    @Test
    void whatCannotBeSortedIsRefusedWithTheReason() {
        JsonNode title = assertScimError(scim.get("/Users?sortBy=title"), 400, "invalidValue");
        assertTrue(title.get("detail").asText().contains("userName, name.familyName"), title::toString);
        assertScimError(scim.get("/Users?sortBy=userName&sortOrder=sideways"), 400, "invalidValue");
        assertScimError(scim.get("/Groups?sortBy=externalId"), 400, "invalidValue");
        JsonNode search = scim.post("/Users/.search", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", "userName sw \"sorted-\"", "sortBy", "name.familyName", "sortOrder", "descending")).json();
        assertEquals("Zeller", search.get("Resources").get(0).get("name").get("familyName").asText(), "POST /.search sorts too");
        assertTrue(scim.get("/ServiceProviderConfig").json().get("sort").get("supported").asBoolean());
    }

    @Test
    void sortingBeyondTheScanBoundIsRefusedWhileUserNameStillWorks() {
        try (TestServer.ProvisionedRealm big = fixture.server().provisionedRealm("sort-big", Map.of())) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = 0; i <= KeycloakExtension.MAX_SCAN; i++) {
                users.add(Map.of("username", String.format("bulk-%05d@example.com", i), "enabled", true));
            }
            admin.require(admin.call("POST", "/" + big.name() + "/partialImport").json(Map.of("ifResourceExists", "SKIP", "users", users)).send(), 200);
            JsonNode refused = assertScimError(big.scim().get("/Users?sortBy=name.familyName"), 400, "tooMany");
            assertTrue(refused.get("detail").asText().contains("sort by userName"), refused::toString);
            JsonNode last = big.scim().get("/Users?sortBy=userName&sortOrder=descending&count=1").json();
            assertEquals(String.format("bulk-%05d@example.com", KeycloakExtension.MAX_SCAN), last.get("Resources").get(0).get("userName").asText());
        }
    }
}
