package dev.kcscim.keycloak.scope;

import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

    /** The ids that name no person in scope. For checking a team's worth of member ids before anything changes. */
    default Set<String> missingAmong(Collection<String> ids) {
        return ids.stream().filter(id -> find(id).isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * How many candidates a Keycloak search with these parameters yields: the users in scope that match, or for
     * a search that Keycloak cannot narrow to the scope, the realm's matches (see {@link #searchesExactly}).
     */
    long candidateCount(Map<String, String> params);

    /**
     * A page of those candidates, as Keycloak pages them (stable order). Candidates outside the scope are left
     * out, so a page can hold fewer than {@code max}; a caller walking every page sees each in-scope match once.
     */
    Stream<UserModel> candidates(Map<String, String> params, int first, int max);

    /** Whether the candidates of this search are exactly the users in scope that match, so it can be paged directly. */
    boolean searchesExactly(Map<String, String> params);

    /**
     * The people in scope whose attribute {@code name} holds exactly {@code value} (case counts), at most {@code max},
     * read through an index; empty where Keycloak's storage cannot be queried so, and its search must do.
     */
    Optional<List<UserModel>> withAttribute(String name, String value, int max);

    /** The people in scope whose Keycloak email is this address (any case), read through its index; empty as above. */
    Optional<List<UserModel>> withEmail(String address, int max);

    /**
     * Every person in scope in the reverse of Keycloak's order, from offset {@code first} counted from the end: what
     * {@link #candidates} yields without conditions, read backwards. Empty where the storage cannot read so.
     */
    Optional<List<UserModel>> fromEnd(int first, int max);

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
