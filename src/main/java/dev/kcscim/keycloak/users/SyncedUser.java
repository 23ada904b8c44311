package dev.kcscim.keycloak.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcscim.keycloak.scope.UserAttributes;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.RealmContext;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the console shows next to a user that SCIM provisioned: the token that did it, the organization whose
 * endpoint it came through, if any, and how the person signs in: the identity provider the account is linked to,
 * or why it is not. One call answers a whole page of a user list.
 *
 * @param organization          the name of the organization that manages the user, or null for the realm's endpoint
 * @param identityProvider      the identity provider the tenant links this account to, or null when linking is off
 * @param identityProviderUserId the person's id in the account's link to it, or null when there is no link
 * @param linkProblem           why the account has no link although linking is on, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncedUser(String id, String token, String organization, String identityProvider, String identityProviderUserId,
                         String linkProblem) {

    /** The largest page of ids one call answers (the console's lists page by at most 100). */
    public static final int MAX_IDS = 100;

    /** Those of {@code ids} that are SCIM-provisioned users of the realm and that {@code visible} lets the admin see. */
    public static List<SyncedUser> among(KeycloakSession session, RealmModel realm, List<String> ids, Predicate<UserModel> visible) {
        OrganizationProvider organizations = realm.isOrganizationsEnabled()
                ? RealmContext.in(session, realm, () -> session.getProvider(OrganizationProvider.class)) : null;
        Map<String, IdentityLinks> links = new HashMap<>();
        return ids.stream().distinct()
                .map(id -> session.users().getUserById(realm, id))
                .filter(Objects::nonNull)
                .filter(u -> Boolean.parseBoolean(u.getFirstAttribute(UserAttributes.PROVISIONED)))
                .filter(visible)
                .map(u -> {
                    OrganizationModel managing = managingOrganization(session, realm, organizations, u);
                    Tenant tenant = new Tenant(realm, managing);
                    IdentityLinks tenantLinks = links.computeIfAbsent(managing == null ? "" : managing.getId(),
                            k -> new IdentityLinks(session, tenant, ProvisioningSettings.of(session, tenant).link(), null));
                    return of(session, realm, u, managing, tenantLinks);
                })
                .toList();
    }

    private static SyncedUser of(KeycloakSession session, RealmModel realm, UserModel user, OrganizationModel managing, IdentityLinks links) {
        String userName = UserMapper.userNameOf(user);
        IdentityLinks.Plan plan = links.plan(userName, user.getFirstAttribute(UserAttributes.EXTERNAL_ID), user.getEmail());
        FederatedIdentityModel link = plan.alias() == null ? null : session.users().getFederatedIdentity(realm, user, plan.alias());
        return new SyncedUser(user.getId(), user.getFirstAttribute(UserAttributes.PROVISIONED_BY), managing == null ? null : managing.getName(),
                plan.alias(), link == null ? null : link.getUserId(), link == null ? plan.note() : null);
    }

    private static OrganizationModel managingOrganization(KeycloakSession session, RealmModel realm, OrganizationProvider organizations,
                                                          UserModel user) {
        if (organizations == null) {
            return null;
        }
        return RealmContext.in(session, realm, () -> organizations.getByMember(user).filter(o -> organizations.isManagedMember(o, user))
                .findFirst().orElse(null));
    }
}
