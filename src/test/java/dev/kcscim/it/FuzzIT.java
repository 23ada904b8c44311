package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.kcscim.testing.ScimAssertions.assertIsScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several thousand generated hostile requests against the real server: filters made of random tokens, PATCH
 * bodies with random operations, paths and values, truncated and corrupted JSON, and absurd paging. None may
 * answer 5xx, every error must be a SCIM error body, and a failed request must leave the seed user, the seed
 * team and the number of users exactly as they were. The corpus is reproducible: the seed is printed, and
 * {@code -Dkcscim.fuzz.seed=N} replays it ({@code -Dkcscim.fuzz.requests=N} sets the count).
 */
class FuzzIT {

    private static final long SEED = Long.getLong("kcscim.fuzz.seed", 20261130L);
    private static final int REQUESTS = Integer.getInteger("kcscim.fuzz.requests", 3000);
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @RegisterExtension
    static final RealmFixture realm = RealmFixture.provisioned("fuzz", Map.of("teamsParentGroup", "/teams"));

    private static final String[] FILTER_TOKENS = {
            "userName", "emails", "emails.value", "emails.type", "name.givenName", "name", "meta.created", "meta.lastModified",
            "members", "members.value", "displayName", "active", "externalId", "id", "groups", "title", "nosuch", "$ref",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "urn:x", "urn:", "1abc", "a.b.c",
            "emails[type", "emails[", "[", "]", "(", ")", "((", "))", "and", "or", "not", "AND", "Or", "nOt",
            "eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le", "EQ", "zz",
            "\"x\"", "\"\"", "\"", "\"unterminated", "\"a\\\"b\"", "\"\\q\"", "\"\\u12\"", "\"\\u0041\"", "true", "false", "null",
            "42", "-1", "1e400", "9999999999999999999999", "0.5", "\"2011-05-13T04:42:34Z\"", "\"ünïcödé\"", "\"\u0000\"",
            "x".repeat(300), "\"" + "y".repeat(5000) + "\""};

    private static final String[] PATCH_PATHS = {
            null, "", "userName", "active", "title", "name", "name.givenName", "name.nosuch", "emails", "emails.value",
            "emails[type eq \"work\"]", "emails[type eq \"work\"].value", "emails[type eq \"work\"].nosuch", "emails[nosuch eq 1]",
            "emails[type eq \"work\"", "emails]", "phoneNumbers[type eq \"mobile\"].value", "addresses[type eq \"work\"].locality",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "urn:nosuch:attr", "id", "meta", "meta.version",
            "groups", "password", "externalId", "members", "members[value eq \"nobody\"]", "members[display eq \"x\"]",
            "members.value", "displayName", "x.y.z", "[", "emails[type eq \"work\"].value.extra", "nickName"};

    private static final String[] OPS = {"add", "replace", "remove", "Add", "REPLACE", "Remove", "", "move", "copy", "test"};

    private final Random random = new Random(SEED);
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    private String seedUser;
    private String seedTeam;
    private String userVersion;
    private String teamVersion;
    private int users;
    private int serverErrors;
    private int blockedByKeycloak;
    private int[] byClass = new int[6];

    @Test
    void hostileRequestsNeverFailTheServerNorWriteHalfway() {
        System.out.println("FuzzIT: seed " + SEED + ", " + REQUESTS + " requests (replay with -Dkcscim.fuzz.seed=" + SEED + ")");
        ScimClient scim = realm.scim();
        seedUser = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("seed@fuzz.example", "Seed", "User")));
        String other = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("other@fuzz.example", "Other", "User")));
        seedTeam = ScimClient.id(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Fuzz team",
                "members", List.of(Map.of("value", seedUser)))));
        refreshExpectations();

        for (int i = 0; i < REQUESTS; i++) {
            int kind = random.nextInt(7);
            Http.Result result;
            String label;
            switch (kind) {
                case 0, 1 -> {
                    String filter = randomFilter();
                    String resource = random.nextBoolean() ? "Users" : "Groups";
                    label = "GET /" + resource + " filter " + abbreviate(filter);
                    result = scim.get("/" + resource + "?filter=" + enc(filter) + paging());
                }
                case 2 -> {
                    label = "GET /Users paging";
                    result = scim.get("/Users?" + paging().substring(1) + projection());
                }
                case 3 -> {
                    ObjectNode body = randomPatch(other);
                    label = "PATCH /Users/seed " + abbreviate(body.toString());
                    result = scim.call("PATCH", "/Users/" + seedUser).json(body.toString()).send();
                }
                case 4 -> {
                    ObjectNode body = randomPatch(random.nextBoolean() ? other : seedUser);
                    label = "PATCH /Groups/seed " + abbreviate(body.toString());
                    result = scim.call("PATCH", "/Groups/" + seedTeam).json(body.toString()).send();
                }
                case 5 -> {
                    String body = corrupted(userBody());
                    label = "POST /Users " + abbreviate(body);
                    result = scim.call("POST", "/Users").body(random.nextBoolean() ? "application/scim+json" : "application/json", body).send();
                }
                default -> {
                    String body = corrupted(userBody());
                    boolean group = random.nextBoolean();
                    label = (group ? "PUT /Groups/seed " : "PUT /Users/seed ") + abbreviate(body);
                    result = scim.call("PUT", group ? "/Groups/" + seedTeam : "/Users/" + seedUser).body("application/scim+json",
                            group ? corrupted("{\"schemas\":[\"" + GROUP_SCHEMA + "\"],\"displayName\":\"Fuzz team\",\"members\":[{\"value\":\""
                                    + seedUser + "\"}]}") : body).send();
                }
            }
            check(result, label, kind >= 3);
        }
        System.out.printf("FuzzIT: %d requests, 2xx %d, 3xx %d, 4xx %d (of which %d refused by Keycloak before the extension), 5xx %d%n",
                REQUESTS, byClass[2], byClass[3], byClass[4], blockedByKeycloak, byClass[5]);
        assertEquals(0, serverErrors, "no request may fail the server");
    }

    private void check(Http.Result result, String label, boolean write) {
        byClass[Math.min(5, result.status() / 100)]++;
        if (result.status() >= 500) {
            serverErrors++;
        }
        assertTrue(result.status() < 500, () -> "5xx for " + label + ": " + result);
        if (result.status() >= 400) {
            if (blockedByKeycloak(result)) {
                blockedByKeycloak++;
            } else {
                assertIsScimError(result);
            }
        }
        if (!write) {
            return;
        }
        boolean succeeded = result.status() / 100 == 2;
        String nowUser = version("/Users/" + seedUser);
        String nowTeam = version("/Groups/" + seedTeam + "?excludedAttributes=members");
        int nowUsers = realm.scim().get("/Users?count=0").json().get("totalResults").asInt();
        if (!succeeded) {
            assertEquals(userVersion, nowUser, () -> "the seed user changed after a refused " + label + ": " + result);
            assertEquals(teamVersion, nowTeam, () -> "the seed team changed after a refused " + label + ": " + result);
            assertEquals(users, nowUsers, () -> "the number of users changed after a refused " + label + ": " + result);
        }
        userVersion = nowUser;
        teamVersion = nowTeam;
        users = nowUsers;
    }

    /**
     * Keycloak itself refuses, before any extension sees the request, a query parameter that holds a control
     * character (its InvalidQueryParameterFilter), with a 400 and its own JSON body. That answer is Keycloak's,
     * is still a 400 and writes nothing; it is counted apart.
     */
    private static boolean blockedByKeycloak(Http.Result result) {
        return result.status() == 400 && result.body().equals("{\"error\":\"Blocking invalid query parameter value\"}");
    }

    private void refreshExpectations() {
        userVersion = version("/Users/" + seedUser);
        teamVersion = version("/Groups/" + seedTeam + "?excludedAttributes=members");
        users = realm.scim().get("/Users?count=0").json().get("totalResults").asInt();
    }

    private String version(String path) {
        Http.Result result = realm.scim().get(path);
        assertEquals(200, result.status(), () -> path + " must still be readable: " + result);
        return result.json().get("meta").get("version").asText();
    }

    private String randomFilter() {
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 8);
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < length; i++) {
            filter.append(FILTER_TOKENS[random.nextInt(FILTER_TOKENS.length)]).append(random.nextInt(5) == 0 ? "" : " ");
        }
        return filter.toString();
    }

    private String paging() {
        String[] values = {"1", "0", "-1", "-99999999999999999999", "2147483648", "99999999999999999999999", "abc", "1.5", "", " ", "0x10", "10", "200", "201"};
        StringBuilder out = new StringBuilder();
        if (random.nextBoolean()) {
            out.append("&startIndex=").append(enc(values[random.nextInt(values.length)]));
        }
        if (random.nextBoolean()) {
            out.append("&count=").append(enc(values[random.nextInt(values.length)]));
        }
        return out.length() == 0 ? "&count=5" : out.toString();
    }

    private String projection() {
        String[] names = {"userName", "typo", "emails[type eq \"work\"]", "name.givenName", "meta", "urn:x:y", "1bad", "", ",", "groups"};
        return random.nextBoolean() ? "" : "&" + (random.nextBoolean() ? "attributes" : "excludedAttributes") + "=" + enc(names[random.nextInt(names.length)]);
    }

    private ObjectNode randomPatch(String someUser) {
        ObjectNode body = json.objectNode();
        if (random.nextInt(10) > 0) {
            body.putArray("schemas").add(random.nextInt(10) > 0 ? ScimClient.PATCH_SCHEMA : "urn:wrong");
        }
        ArrayNode operations = body.putArray(random.nextInt(10) > 0 ? "Operations" : "operations");
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            ObjectNode operation = operations.addObject();
            if (random.nextInt(10) > 0) {
                operation.put("op", OPS[random.nextInt(OPS.length)]);
            }
            String path = PATCH_PATHS[random.nextInt(PATCH_PATHS.length)];
            if (path != null) {
                operation.put("path", path);
            }
            if (random.nextInt(5) > 0) {
                operation.set("value", randomValue(2, someUser));
            }
        }
        return body;
    }

    private JsonNode randomValue(int depth, String someUser) {
        return switch (random.nextInt(depth <= 0 ? 6 : 9)) {
            case 0 -> json.textNode(random.nextBoolean() ? "Fuzzed " + random.nextInt(100) : "");
            case 1 -> json.numberNode(random.nextInt());
            case 2 -> json.booleanNode(random.nextBoolean());
            case 3 -> json.nullNode();
            case 4 -> json.textNode(random.nextBoolean() ? "False" : "fuzz" + random.nextInt(1000) + "@fuzz.example");
            case 5 -> json.textNode(someUser);
            case 6 -> {
                ArrayNode array = json.arrayNode();
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    array.add(randomValue(depth - 1, someUser));
                }
                yield array;
            }
            default -> {
                ObjectNode object = json.objectNode();
                String[] keys = {"value", "type", "primary", "display", "givenName", "userName", "title", "displayName", "members",
                        "active", "emails", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "name.familyName",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "id", "meta", "nosuch"};
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    object.set(keys[random.nextInt(keys.length)], randomValue(depth - 1, someUser));
                }
                yield object;
            }
        };
    }

    private String userBody() {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"seed@fuzz.example\","
                + "\"name\":{\"givenName\":\"Seed\",\"familyName\":\"User\"},\"emails\":[{\"value\":\"seed@fuzz.example\",\"primary\":true}],"
                + "\"active\":true,\"title\":\"Fuzz " + random.nextInt(3) + "\"}";
    }

    /** Truncates, flips a byte, drops or doubles a character, or (sometimes) leaves the body intact. */
    private String corrupted(String body) {
        StringBuilder out = new StringBuilder(body);
        int position = random.nextInt(body.length());
        switch (random.nextInt(6)) {
            case 0 -> out.setLength(position);
            case 1 -> out.setCharAt(position, (char) (32 + random.nextInt(95)));
            case 2 -> out.deleteCharAt(position);
            case 3 -> out.insert(position, body.charAt(position));
            case 4 -> out.insert(position, "\uFFFF\u0000{[\"");
            default -> {
                // intact: a valid write, which must then be kept
            }
        }
        return out.toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
