package dev.kcscim.tenant;

import dev.kcscim.protocol.WireNames;

import java.util.List;
import java.util.Locale;

/**
 * Which Keycloak roles the identity provider may grant, and which roles SCIM teams carry.
 *
 * @param source    where provisionable roles come from; nothing is provisionable by default
 * @param client    for {@link Source#CLIENT}: the client id whose roles are provisionable
 * @param teamRoles roles every team of the tenant carries, so that membership (which the IdP pushes) grants them
 */
public record RoleSettings(Source source, String client, List<RoleRef> teamRoles) {

    /** The role attribute that marks a realm role provisionable (value {@code true}) under {@link Source#REALM}. */
    public static final String MARKER = "scimProvisionable";

    public static final RoleSettings NONE = new RoleSettings(Source.NONE, null, List.of());

    public enum Source implements WireNames.Named {
        /** No role is provisionable: {@code /Roles} is empty and a user's {@code roles} are refused. */
        NONE,
        /** Realm roles that carry the attribute {@link #MARKER} = true. */
        REALM,
        /** Every role of one client. */
        CLIENT;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source fromWire(String value) {
            return WireNames.parse(Source.class, "rolesSource", value == null ? "none" : value);
        }
    }

    /** A realm role ({@code client} null) or a client role, by name. */
    public record RoleRef(String client, String role) {
        @Override
        public String toString() {
            return client == null ? role : client + "/" + role;
        }
    }

    public RoleSettings {
        teamRoles = List.copyOf(teamRoles);
    }

    public boolean enabled() {
        return source != Source.NONE;
    }
}
