package dev.kcscim.http;

import dev.kcscim.admission.Ticket;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.keycloak.users.IdentityLinks;
import dev.kcscim.keycloak.users.LinkEvents;
import dev.kcscim.keycloak.users.UserMapping;
import dev.kcscim.observe.AdminEvents;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.ScimPrincipal;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What one authenticated SCIM request works with, resolved once: the tenant and its settings, the token that
 * called and its admission, the tenant's users and teams, how its users map, and where its changes are audited. The handlers and
 * {@code /Bulk} take this instead of a long list of parameters.
 */
record ScimContext(KeycloakSession session, Tenant tenant, ProvisioningSettings settings, ScimPrincipal principal, ScimLimits limits,
                   Ticket admission, UserScope users, TeamScope teams, UserMapping mapping, Audit audit) {

    static ScimContext of(KeycloakSession session, Tenant tenant, ProvisioningSettings settings, ScimPrincipal principal, ScimLimits limits,
                          Ticket admission) {
        RealmModel realm = tenant.realm();
        Audit audit = (type, operation, path, representation) -> AdminEvents.emit(session, realm, principal, type, operation, path, representation);
        return new ScimContext(session, tenant, settings, principal, limits, admission, UserScope.of(session, tenant), TeamScope.of(session, tenant, settings),
                UserMapping.of(session, tenant, settings), audit);
    }

    RealmModel realm() {
        return tenant.realm();
    }

    /** Links to the tenant's identity provider, filed in the name of the calling token. */
    IdentityLinks links() {
        return new IdentityLinks(session, tenant, settings.link(), LinkEvents.byToken(session, realm(), principal));
    }
}
