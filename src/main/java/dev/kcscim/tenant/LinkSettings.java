package dev.kcscim.tenant;

import dev.kcscim.protocol.WireNames;

/**
 * How a tenant's provisioned accounts are linked to the identity provider its people sign in with, so that
 * Keycloak's broker finds the account SCIM made on the first sign-in instead of running the first broker login.
 *
 * @param alias   the identity provider's alias, or null: for the realm, no linking; for an organization, the
 *                identity provider linked to it (the only one, or the one whose domain is the person's email domain)
 * @param subject which SCIM value is the person's id at that identity provider
 */
public record LinkSettings(String alias, Subject subject) {

    public static final LinkSettings NONE = new LinkSettings(null, Subject.EXTERNAL_ID);

    public LinkSettings {
        alias = alias == null || alias.isBlank() ? null : alias.trim();
        subject = subject == null ? Subject.EXTERNAL_ID : subject;
    }

    /** The SCIM value that Keycloak's broker sees as the person's id at the identity provider. */
    public enum Subject implements WireNames.Named {
        /** Okta's user id: Okta sends it as externalId, and it is the {@code sub} of Okta's OIDC tokens. */
        EXTERNAL_ID("externalId"),
        /** With SAML, Okta's NameID is the "Application username", which Okta sends as userName. */
        USER_NAME("userName");

        private final String wire;

        Subject(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        /** @throws IllegalArgumentException naming the choices, for a value that is neither */
        public static Subject fromWire(String value) {
            return WireNames.parse(Subject.class, "identityProviderSubject", value);
        }

        /** The value of this subject in a SCIM user, or null when the user has none. */
        public String of(String userName, String externalId) {
            String value = this == EXTERNAL_ID ? externalId : userName;
            return value == null || value.isBlank() ? null : value;
        }
    }
}
