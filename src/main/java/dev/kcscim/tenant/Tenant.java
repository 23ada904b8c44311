package dev.kcscim.tenant;

import dev.kcscim.protocol.ScimException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Optional;

/**
 * What a SCIM base URL provisions: a whole realm, or one Keycloak Organization of it. A token belongs to
 * one tenant and works only at its URL; settings, users, teams and audit are scoped to it.
 *
 * <p>Both kinds keep their settings and tokens in the same tables (see {@link StateTables}), under the realm's id
 * and the tenant's key.
 *
 * @param organization the organization, or null for the realm itself
 */
public record Tenant(RealmModel realm, OrganizationModel organization) {

    public static Tenant of(RealmModel realm) {
        return new Tenant(realm, null);
    }

    /** An organization of the realm, when the realm has organizations enabled and this one exists. */
    public static Optional<Tenant> organization(KeycloakSession session, RealmModel realm, String organizationId) {
        return RealmContext.in(session, realm, () -> {
            OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
            if (organizations == null || !organizations.isEnabled() || organizationId == null) {
                return Optional.<Tenant>empty();
            }
            return Optional.ofNullable(organizations.getById(organizationId)).map(o -> new Tenant(realm, o));
        });
    }

    /** The organization tenant, or a 404 that does not say whether the organization exists. */
    public static Tenant requireOrganization(KeycloakSession session, RealmModel realm, String organizationId) {
        return organization(session, realm, organizationId).orElseThrow(() -> ScimException.notFound("Not found."));
    }

    /** A key that names this tenant among every realm's tenants on the node. */
    public String key() {
        return organization == null ? realm.getId() : realm.getId() + "/" + organization.getId();
    }

    public boolean isOrganization() {
        return organization != null;
    }

    /** The SCIM base below {@code /realms/{realm}/}. */
    public String scimPath() {
        return organization == null ? "provisioning/scim/v2" : "provisioning/organizations/" + organization.getId() + "/scim/v2";
    }

    /** For logs and messages. */
    public String describe() {
        return organization == null ? "realm " + realm.getName() : "organization " + organization.getName() + " of realm " + realm.getName();
    }
}
