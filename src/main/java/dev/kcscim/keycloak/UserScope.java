package dev.kcscim.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The users a tenant's SCIM API sees and what its lifecycle operations mean: every person of a realm, or the
 * members of one organization. Stores and queries reach users only through it.
 */
public interface UserScope {

    static UserScope of(KeycloakSession session, Tenant tenant) {
        return tenant.isOrganization() ? new OrganizationUsers(session, tenant) : new RealmUsers(session, tenant.realm());
    }

    /** A person in scope; service accounts are not people and are never visible through SCIM. */
    Optional<UserModel> find(String id);

    /** The persons in scope among these ids, by id; the others are left out. For a team's worth of member ids. */
    default Map<String, UserModel> findAll(java.util.Collection<String> ids) {
        Map<String, UserModel> found = new java.util.LinkedHashMap<>();
        ids.forEach(id -> find(id).ifPresent(user -> found.put(id, user)));
        return found;
    }

    /**
     * How many users in scope match Keycloak search parameters, or -1 when counting would take more than
     * {@code bound} candidates (the caller then answers tooMany).
     */
    long count(Map<String, String> params, int bound);

    /** Users in scope matching the parameters, in a stable order, for paging. */
    Stream<UserModel> search(Map<String, String> params, int first, int max);

    /** Called once a user created through this tenant exists. */
    void admit(UserModel created);

    /** What {@code active} reads for this tenant. */
    boolean isActive(UserModel user);

    /** Whether {@code active} is exactly Keycloak's enabled flag, so that Keycloak can search by it. */
    boolean activeIsEnabled();

    /** Sets {@code active}: deactivating ends what the person still holds where the account is this tenant's alone. */
    void setActive(UserModel user, boolean active);

    /** {@code DELETE /Users/{id}}, as the tenant's delete mode says. */
    void remove(UserModel user, ProvisioningSettings.DeleteMode mode);

    /** A reason the primary email is not allowed here, such as a domain outside an organization's, or empty. */
    Optional<String> refusedEmail(String email, ProvisioningSettings settings);

    /** Search parameters that every query of the realm's users carries. */
    static Map<String, String> baseParams() {
        Map<String, String> params = new java.util.HashMap<>();
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        params.put(UserModel.EXACT, "true");
        return params;
    }
}
