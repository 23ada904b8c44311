package dev.kcscim.protocol.schema;

import dev.kcscim.protocol.WireNames;

/**
 * One row of a tenant's "Attribute mapping": a User Profile attribute, the SCIM path it appears at, and which
 * way values flow.
 *
 * @param attribute the User Profile attribute's name
 * @param scimPath  a simple attribute of the core or enterprise User schema ({@code title},
 *                  {@code name.middleName}, {@code urn:…:enterprise:2.0:User:costCenter}), which the mapping then
 *                  takes over, or a new attribute of {@link CoreSchemas#KEYCLOAK_USER}
 * @param direction which way values flow
 */
public record AttributeMapping(String attribute, String scimPath, Direction direction) {

    public enum Direction implements WireNames.Named {
        /** The identity provider writes it and reads it back (SCIM {@code readWrite}). */
        BOTH("both"),
        /** The identity provider writes it; it is never returned (SCIM {@code writeOnly}). */
        TO_KEYCLOAK("toKeycloak"),
        /** Keycloak owns it; the identity provider can read and filter but not write it (SCIM {@code readOnly}). */
        FROM_KEYCLOAK("fromKeycloak");

        private final String wire;

        Direction(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static Direction fromWire(String value) {
            return value == null ? BOTH : WireNames.parse(Direction.class, "direction", value);
        }

        AttributeDefinition.Mutability mutability() {
            return switch (this) {
                case BOTH -> AttributeDefinition.Mutability.readWrite;
                case TO_KEYCLOAK -> AttributeDefinition.Mutability.writeOnly;
                case FROM_KEYCLOAK -> AttributeDefinition.Mutability.readOnly;
            };
        }
    }
}
