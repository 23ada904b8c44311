package dev.kcscim.keycloak.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Renders a team as a SCIM Group. Members are read only when the response includes them,
 * so {@code excludedAttributes=members} (what Okta and Entra send) never touches the membership.
 */
public final class GroupMapper {

    static final String PROVISIONED = "scimProvisioned";
    static final String EXTERNAL_ID = "scimExternalId";
    static final String CREATED = "scimCreated";
    static final String LAST_MODIFIED = "scimLastModified";

    private GroupMapper() {
    }

    public static ObjectNode toJson(KeycloakSession session, RealmModel realm, GroupModel group, String baseUri, boolean withMembers) {
        return toJson(session, realm, group, baseUri, withMembers, true);
    }

    /** @param withVersion false where only a filter reads the result and it does not read {@code meta} */
    public static ObjectNode toJson(KeycloakSession session, RealmModel realm, GroupModel group, String baseUri, boolean withMembers,
                                    boolean withVersion) {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(CoreSchemas.GROUP);
        node.put("id", group.getId());
        String externalId = group.getFirstAttribute(EXTERNAL_ID);
        if (externalId != null) {
            node.put("externalId", externalId);
        }
        node.put("displayName", group.getName());
        if (withMembers) {
            ArrayNode members = node.putArray("members");
            Members.forEach(session, realm, group, u -> members.add(member(u, baseUri)));
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "Group");
        String created = group.getFirstAttribute(CREATED);
        String modified = group.getFirstAttribute(LAST_MODIFIED);
        if (created != null) {
            meta.put("created", created);
        }
        if (modified != null || created != null) {
            meta.put("lastModified", modified != null ? modified : created);
        }
        meta.put("location", baseUri + "/Groups/" + group.getId());
        if (withVersion) {
            meta.put("version", version(group));
        }
        return node;
    }

    private static ObjectNode member(UserModel user, String baseUri) {
        ObjectNode member = Json.object();
        member.put("value", user.getId());
        member.put("display", display(user));
        member.put("$ref", baseUri + "/Users/" + user.getId());
        member.put("type", "User");
        return member;
    }

    /** First and last name, else the username: fields of the user row, so listing members reads no attributes. */
    static String display(UserModel user) {
        String full = ((user.getFirstName() == null ? "" : user.getFirstName()) + " " + (user.getLastName() == null ? "" : user.getLastName())).trim();
        return full.isEmpty() ? user.getUsername() : full;
    }

    /**
     * The version must not read the members: it hashes the name, the externalId and the time of the last SCIM
     * change, which every SCIM membership change updates. (Counting members through Keycloak's user storage
     * streams the whole team, which the benchmark showed costing 20 MB per PATCH on a team of 5,000.)
     */
    public static String version(GroupModel group) {
        String basis = group.getName() + '\u0000' + group.getFirstAttribute(EXTERNAL_ID) + '\u0000' + group.getFirstAttribute(LAST_MODIFIED);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code groups} value of a user, for a team the user belongs to. */
    public static ObjectNode userGroup(GroupModel group, String baseUri) {
        ObjectNode node = Json.object();
        node.put("value", group.getId());
        node.put("$ref", baseUri + "/Groups/" + group.getId());
        node.put("display", group.getName());
        node.put("type", "direct");
        return node;
    }
}
