package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Talks SCIM to one realm with one token, as an IdP would. */
public final class ScimClient {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final String base;
    private final String token;

    public ScimClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public String base() {
        return base;
    }

    public String token() {
        return token;
    }

    public Http.Call call(String method, String path) {
        return Http.request(method, base + path).bearer(token);
    }

    public Http.Result get(String path) {
        return call("GET", path).send();
    }

    public Http.Result post(String path, Object body) {
        return call("POST", path).json(body).send();
    }

    public Http.Result put(String path, Object body) {
        return call("PUT", path).json(body).send();
    }

    public Http.Result patch(String path, Object body) {
        return call("PATCH", path).json(body).send();
    }

    public Http.Result delete(String path) {
        return call("DELETE", path).send();
    }

    public Http.Result filter(String resource, String filter) {
        return get("/" + resource + "?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    }

    /** A PATCH body from (op, path, value) triples; a null path is left out. */
    public static Map<String, Object> patchOps(Object... triples) {
        java.util.List<Map<String, Object>> ops = new java.util.ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            Map<String, Object> op = new java.util.LinkedHashMap<>();
            op.put("op", triples[i]);
            if (triples[i + 1] != null) {
                op.put("path", triples[i + 1]);
            }
            if (triples[i + 2] != null) {
                op.put("value", triples[i + 2]);
            }
            ops.add(op);
        }
        return Map.of("schemas", List.of(PATCH_SCHEMA), "Operations", ops);
    }

    /** The body Okta sends to create a user (okta-scim-20-reference.md, "Create the User"). */
    public static Map<String, Object> oktaUser(String email, String given, String family) {
        return new java.util.LinkedHashMap<>(Map.of(
                "schemas", List.of(USER_SCHEMA),
                "userName", email,
                "name", Map.of("givenName", given, "familyName", family),
                "emails", List.of(Map.of("primary", true, "value", email, "type", "work")),
                "displayName", given + " " + family,
                "locale", "en-US",
                "externalId", "00u" + Integer.toHexString(email.hashCode()),
                "groups", List.of(),
                "password", "1mz050nq",
                "active", true));
    }

    /** What Okta sends for a person it provisions without a password, with its user id as externalId (none where null). */
    public static Map<String, Object> oktaPerson(String email, String given, String family, String externalId) {
        Map<String, Object> user = oktaUser(email, given, family);
        user.remove("password");
        if (externalId == null) {
            user.remove("externalId");
        } else {
            user.put("externalId", externalId);
        }
        return user;
    }

    public static String id(Http.Result created) {
        JsonNode json = created.json();
        return json.get("id").asText();
    }
}
