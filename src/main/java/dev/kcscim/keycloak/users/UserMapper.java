package dev.kcscim.keycloak.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserAttributes;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.keycloak.teams.GroupMapper;
import dev.kcscim.protocol.Address;
import dev.kcscim.protocol.ETags;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.MultiValue;
import dev.kcscim.protocol.query.QueryPlan;
import dev.kcscim.protocol.resource.ScimUser;
import dev.kcscim.protocol.schema.UserAttributeCatalog;
import org.keycloak.models.UserModel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps between a Keycloak {@link UserModel} and a {@link ScimUser}, following the tenant's {@link UserMapping}.
 * The README documents the built-in table.
 */
public final class UserMapper {

    private final UserMapping mapping;

    public UserMapper(UserMapping mapping) {
        this.mapping = mapping;
    }

    public UserMapping mapping() {
        return mapping;
    }

    /** The full representation with {@code meta} (and its version) for a user. */
    public ObjectNode toJson(UserModel user, String baseUri, UserScope users, TeamScope teams) {
        return render(user, baseUri, users, teams, true, true, true);
    }

    /**
     * What a PATCH is applied to: the full representation with the write-only attributes too, so that those the
     * PATCH does not name keep their value. Never sent to a client; its version is not the user's ETag.
     */
    public ObjectNode toPatchBase(UserModel user, UserScope users) {
        return readWithRoles(user, users, true).toJson(mapping.catalog(), user.getId(), null, Json.object(), null, true);
    }

    /** The stored user, with its provisionable roles when asked for and the tenant has any (they cost a query). */
    private ScimUser readWithRoles(UserModel user, UserScope users, boolean withRoles) {
        ScimUser scim = read(user, users.isActive(user));
        return withRoles && mapping.roles().enabled() ? scim.withRoles(mapping.roles().valuesOf(user)) : scim;
    }

    /** The representation of a user this request created: it is in no team yet, so the teams query is skipped. */
    public ObjectNode toJsonCreated(UserModel user, String baseUri, UserScope users, TeamScope teams) {
        return render(user, baseUri, users, teams, false, true, true);
    }

    /**
     * What an in-memory filter check needs: the stored attributes, with the user's teams only when the filter
     * reads {@code groups} and the version only when it reads {@code meta}. Those two cost a query and a hash
     * per user, which a scan over thousands of candidates should not pay.
     */
    public ObjectNode forFilter(UserModel user, String baseUri, UserScope users, TeamScope teams, QueryPlan plan) {
        return render(user, baseUri, users, teams, plan.residualReads("groups"), plan.residualReads("meta"), plan.residualReads("roles"));
    }

    private ObjectNode render(UserModel user, String baseUri, UserScope users, TeamScope teams, boolean withGroups, boolean withVersion,
                              boolean withRoles) {
        ObjectNode meta = Json.object();
        meta.put("resourceType", "User");
        Long created = user.getCreatedTimestamp();
        String createdText = created == null ? null : Instant.ofEpochMilli(created).toString();
        if (createdText != null) {
            meta.put("created", createdText);
        }
        String lastModified = user.getFirstAttribute(UserAttributes.LAST_MODIFIED);
        String modifiedText = lastModified != null ? lastModified : createdText;
        if (modifiedText != null) {
            meta.put("lastModified", modifiedText);
        }
        meta.put("location", baseUri + "/Users/" + user.getId());
        ScimUser scim = readWithRoles(user, users, withRoles);
        String manager = scim.attribute(ScimUser.MANAGER_KEY);
        List<ObjectNode> groups = withGroups ? teams.teamsOf(user).map(g -> GroupMapper.userGroup(g, baseUri)).toList() : null;
        ObjectNode json = scim.toJson(mapping.catalog(), user.getId(), groups, meta, manager == null ? null : baseUri + "/Users/" + manager);
        if (withVersion) {
            ETags.stamp(json);
        }
        return json;
    }

    /** The stored user in SCIM terms, without roles (they cost a query; see {@link #render}). */
    public ScimUser read(UserModel user, boolean active) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (UserAttributeCatalog.Entry entry : mapping.catalog().entries()) {
            if (entry.multiValued()) {
                List<String> values = user.getAttributeStream(entry.storage()).filter(v -> v != null && !v.isEmpty()).toList();
                if (!values.isEmpty()) {
                    lists.put(entry.key(), values);
                }
            } else {
                putIfPresent(attributes, entry.key(), stored(user, entry));
            }
        }
        putIfPresent(attributes, ScimUser.MANAGER_KEY, user.getFirstAttribute(UserAttributeCatalog.MANAGER_STORAGE));
        return new ScimUser(userNameOf(user), user.getFirstAttribute(UserAttributes.EXTERNAL_ID), active, attributes, lists,
                emails(user), readValues(user.getFirstAttribute(UserAttributes.PHONE_NUMBERS)),
                readAddresses(user.getFirstAttribute(UserAttributes.ADDRESSES)), null, null);
    }

    /**
     * A user's SCIM userName: the client's spelling where it kept one that still names this account, else Keycloak's
     * lower-cased username.
     */
    static String userNameOf(UserModel user) {
        String stored = user.getFirstAttribute(UserAttributes.USER_NAME);
        return stored != null && stored.equalsIgnoreCase(user.getUsername()) ? stored : user.getUsername();
    }

    private static String stored(UserModel user, UserAttributeCatalog.Entry entry) {
        return switch (entry.storage()) {
            case UserAttributeCatalog.FIRST_NAME -> user.getFirstName();
            case UserAttributeCatalog.LAST_NAME -> user.getLastName();
            default -> user.getFirstAttribute(entry.storage());
        };
    }

    /**
     * Keycloak's email is the primary email. The full list (with types) is kept beside it; if an admin changed
     * the email in Keycloak since, Keycloak wins.
     */
    private static List<MultiValue> emails(UserModel user) {
        List<MultiValue> stored = readValues(user.getFirstAttribute(UserAttributes.EMAILS));
        String email = user.getEmail();
        if (email == null) {
            return stored.stream().filter(v -> !Boolean.TRUE.equals(v.primary())).toList();
        }
        MultiValue primary = MultiValue.primaryOf(stored);
        if (primary == null) {
            return ScimUser.singleEmail(email);
        }
        List<MultiValue> out = new ArrayList<>();
        for (MultiValue value : stored) {
            out.add(value == primary && !value.value().equalsIgnoreCase(email)
                    ? new MultiValue(email, value.type(), value.primary(), value.display()) : value);
        }
        return out;
    }

    /**
     * Writes every mutable attribute with replace semantics: what the SCIM user leaves out is cleared.
     * {@code active} is not written here: what it means depends on the tenant (see {@link UserScope#setActive}),
     * and neither are roles (see {@link UserStore}). Attributes the mapping makes read-only are left as they are.
     */
    public void write(ScimUser scim, UserModel user) {
        for (UserAttributeCatalog.Entry entry : mapping.catalog().entries()) {
            if (!entry.writable()) {
                continue;
            }
            switch (entry.storage()) {
                case UserAttributeCatalog.FIRST_NAME -> user.setFirstName(scim.attribute(entry.key()));
                case UserAttributeCatalog.LAST_NAME -> user.setLastName(scim.attribute(entry.key()));
                default -> {
                    if (entry.multiValued()) {
                        List<String> values = scim.list(entry.key());
                        if (values.isEmpty()) {
                            user.removeAttribute(entry.storage());
                        } else {
                            user.setAttribute(entry.storage(), values);
                        }
                    } else {
                        setOrRemove(user, entry.storage(), scim.attribute(entry.key()));
                    }
                }
            }
        }
        setOrRemove(user, UserAttributeCatalog.MANAGER_STORAGE, scim.attribute(ScimUser.MANAGER_KEY));
        // The client's spelling is kept only where Keycloak's lower-cased username loses it: one row less per user.
        setOrRemove(user, UserAttributes.USER_NAME, scim.userName().equals(user.getUsername()) ? null : scim.userName());
        setOrRemove(user, UserAttributes.EXTERNAL_ID, scim.externalId());
        MultiValue primary = scim.primaryEmail();
        user.setEmail(primary == null ? null : primary.value());
        // One work email, spelled as Keycloak keeps it, is what the email alone reads back as (the common case,
        // Okta's): it needs no row of its own.
        boolean emailSaysAll = user.getEmail() != null && scim.emails().equals(ScimUser.singleEmail(user.getEmail()));
        setOrRemove(user, UserAttributes.EMAILS, emailSaysAll ? null : writeValues(scim.emails()));
        // Keycloak searches its own email column; the index holds the other addresses, so that emails eq finds them.
        String keycloakEmail = user.getEmail();
        List<String> addresses = scim.emails().stream().map(e -> e.value().toLowerCase(Locale.ROOT))
                .filter(a -> !a.equalsIgnoreCase(keycloakEmail)).distinct().toList();
        if (addresses.isEmpty()) {
            user.removeAttribute(UserAttributes.EMAIL_INDEX);
        } else {
            user.setAttribute(UserAttributes.EMAIL_INDEX, addresses);
        }
        setOrRemove(user, UserAttributes.PHONE_NUMBERS, writeValues(scim.phoneNumbers()));
        setOrRemove(user, UserAttributes.ADDRESSES, writeJsonArray(scim.addresses().stream().map(Address::toJson).toList()));
    }

    private static void setOrRemove(UserModel user, String attribute, String value) {
        if (value == null || value.isEmpty()) {
            user.removeAttribute(attribute);
        } else {
            user.setSingleAttribute(attribute, value);
        }
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    static String writeValues(List<MultiValue> values) {
        return writeJsonArray(values.stream().map(MultiValue::toJson).toList());
    }

    /** Multi-valued complex attributes are kept as one JSON array each: Keycloak attributes are flat strings. */
    private static String writeJsonArray(List<ObjectNode> values) {
        if (values.isEmpty()) {
            return null;
        }
        ArrayNode array = Json.array();
        values.forEach(array::add);
        return new String(Json.write(array), StandardCharsets.UTF_8);
    }

    static List<MultiValue> readValues(String stored) {
        JsonNode holder = storedArray(stored, "values");
        return holder == null ? new ArrayList<>() : MultiValue.readAll(holder, "values");
    }

    private static List<Address> readAddresses(String stored) {
        JsonNode holder = storedArray(stored, "addresses");
        return holder == null ? List.of() : Address.readAll(holder);
    }

    /** A stored array wrapped as {@code {name: [...]}}; null when absent or unreadable (a hand-edited value). */
    private static JsonNode storedArray(String stored, String name) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            ObjectNode holder = Json.object();
            holder.set(name, Json.mapper().readTree(stored));
            return holder;
        } catch (Exception e) {
            return null;
        }
    }
}
