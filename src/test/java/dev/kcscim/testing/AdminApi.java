package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keycloak's admin REST API as a logged-in user of some realm (by default the master admin), through the
 * admin-cli client. Used to set up realms and to call this extension's admin endpoints.
 */
public final class AdminApi {

    /** The admin theme that carries the Provisioning page. */
    public static final String ADMIN_THEME = "kcscim";

    private final String baseUrl;
    private final String loginRealm;
    private final String username;
    private final String password;
    private String accessToken;
    private Instant tokenExpiry = Instant.EPOCH;

    public AdminApi(String baseUrl, String loginRealm, String username, String password) {
        this.baseUrl = baseUrl;
        this.loginRealm = loginRealm;
        this.username = username;
        this.password = password;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A fresh access token; master's default lifespan is one minute, so it is renewed as needed. */
    public synchronized String token() {
        if (Instant.now().isAfter(tokenExpiry)) {
            String form = "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
            Http.Result result = Http.post(baseUrl + "/realms/" + loginRealm + "/protocol/openid-connect/token")
                    .body("application/x-www-form-urlencoded", form).send();
            if (result.status() != 200) {
                throw new IllegalStateException("Login of " + username + " failed: " + result);
            }
            JsonNode json = result.json();
            accessToken = json.get("access_token").asText();
            tokenExpiry = Instant.now().plusSeconds(Math.max(5, json.get("expires_in").asLong() - 15));
        }
        return accessToken;
    }

    public Http.Call call(String method, String path) {
        return Http.request(method, baseUrl + "/admin/realms" + path).bearer(token());
    }

    public Http.Result require(Http.Result result, int status) {
        if (result.status() != status) {
            throw new AssertionError("Expected " + status + " but got " + result);
        }
        return result;
    }

    public String createRealm(String prefix) {
        String realm = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        require(Http.post(baseUrl + "/admin/realms").bearer(token())
                .json(Map.of("realm", realm, "enabled", true)).send(), 201);
        return realm;
    }

    public void deleteRealm(String realm) {
        Http.delete(baseUrl + "/admin/realms/" + realm).bearer(token()).send();
    }

    public void setProvisioningEnabled(String realm, boolean enabled) {
        require(call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("enabled", enabled)).send(), 200);
    }

    /** Creates a provisioning token and returns the whole 201 body (id, name, token, ...). */
    public JsonNode createToken(String realm, String name) {
        return require(call("POST", "/" + realm + "/provisioning/tokens").json(Map.of("name", name)).send(), 201).json();
    }

    /** Creates a user with a password, optionally with client roles of realm-management. */
    public String createUser(String realm, String username, String password, List<String> realmManagementRoles) {
        require(call("POST", "/" + realm + "/users").json(Map.of(
                "username", username, "enabled", true, "email", username + "@example.com",
                "firstName", "Test", "lastName", "User", "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)))).send(), 201);
        String userId = call("GET", "/" + realm + "/users?exact=true&username=" + enc(username)).send().json().get(0).get("id").asText();
        if (!realmManagementRoles.isEmpty()) {
            String clientId = call("GET", "/" + realm + "/clients?clientId=realm-management").send().json().get(0).get("id").asText();
            List<JsonNode> roles = realmManagementRoles.stream()
                    .map(r -> require(call("GET", "/" + realm + "/clients/" + clientId + "/roles/" + r).send(), 200).json())
                    .toList();
            require(call("POST", "/" + realm + "/users/" + userId + "/role-mappings/clients/" + clientId).json(roles).send(), 204);
        }
        return userId;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A new organization in {@code realm}, with organizations switched on there first: its id. {@code alias} may
     * be null (Keycloak then derives one from the name).
     */
    public String createOrganization(String realm, String name, String alias, String... domains) {
        require(call("PUT", "/" + realm).json(Map.of("organizationsEnabled", true)).send(), 204);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (alias != null) {
            body.put("alias", alias);
        }
        List<Map<String, String>> domainList = new ArrayList<>();
        for (String domain : domains) {
            domainList.add(Map.of("name", domain));
        }
        body.put("domains", domainList);
        Http.Result created = require(call("POST", "/" + realm + "/organizations").json(body).send(), 201);
        return created.header("Location").substring(created.header("Location").lastIndexOf('/') + 1);
    }

    /** Provisioning switched on for an organization (plus any other settings), and a SCIM client with its token "okta". */
    public ScimClient provisionOrganization(String realm, String organizationId, Map<String, Object> settings) {
        String tenant = "/" + realm + "/provisioning/organizations/" + organizationId;
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.putIfAbsent("enabled", true);
        require(call("PUT", tenant + "/settings").json(all).send(), 200);
        String token = require(call("POST", tenant + "/tokens").json(Map.of("name", "okta")).send(), 201).json().get("token").asText();
        return new ScimClient(baseUrl() + "/realms/" + realm + "/provisioning/organizations/" + organizationId + "/scim/v2", token);
    }
}
