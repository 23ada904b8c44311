package dev.kcscim.keycloak.scope;

import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The members of one organization. Users created here become its managed members; everyone else in the
 * realm is invisible (404), including to {@code userName eq}.
 *
 * <p>An account can belong to several organizations. Only an account this organization manages and that
 * belongs to no other organization is the organization's alone: deactivating it disables the account and ends
 * its sessions, and deleting it deletes the account. Any other member is deactivated for this organization
 * only: the organization's id is added to the user's {@value UserAttributes#INACTIVE_IN} attribute, so that
 * this endpoint reads {@code active: false} from then on, while the account keeps working for the other
 * organizations. Deleting any other member ends its membership of this organization (and of its teams) and
 * keeps the account for the organizations that still use it.
 */
final class OrganizationUsers implements UserScope {

    private static final Set<String> BASE_KEYS = Set.of(UserModel.INCLUDE_SERVICE_ACCOUNT, UserModel.EXACT);
    /** Up to this many ids, membership is checked id by id (what Okta's incremental PATCHes need). */
    private static final int ONE_BY_ONE = 20;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel organization;
    private final OrganizationProvider organizations;

    OrganizationUsers(KeycloakSession session, Tenant tenant) {
        this.session = session;
        this.realm = tenant.realm();
        this.organization = tenant.organization();
        this.organizations = session.getProvider(OrganizationProvider.class);
    }

    private boolean isMember(UserModel user) {
        return user != null && RealmUsers.isPerson(user) && organizations.isMember(organization, user);
    }

    @Override
    public Optional<UserModel> find(String id) {
        return Optional.ofNullable(session.users().getUserById(realm, id)).filter(this::isMember);
    }

    /**
     * A request that names a team's worth of members (a PUT, a replace) checks them with one query for the
     * organization's member ids, and loads no user. Loading an organization member makes Keycloak ask whether
     * the membership is managed, a query each, and Hibernate flushes before every query over everything the
     * request has loaded so far: one by one, a replace of 10,000 took many minutes.
     */
    @Override
    public Set<String> missingAmong(Collection<String> ids) {
        Optional<Set<String>> members = ids.size() > ONE_BY_ONE ? memberIds() : Optional.empty();
        if (members.isEmpty()) {
            return UserScope.super.missingAmong(ids);
        }
        Set<String> missing = new TreeSet<>(ids);
        missing.removeAll(members.get());
        return missing;
    }

    /** The ids of the organization's members, or empty where the query is not possible (another storage). */
    private Optional<Set<String>> memberIds() {
        if (!KeycloakCapabilities.organizationGroups()) {
            return Optional.empty();
        }
        // Keycloak keeps organization membership as membership of the organization's hidden group.
        return UserIndex.memberIds(session, organizations.getOrganizationGroup(organization).getId()).<Set<String>>map(HashSet::new);
    }

    private static boolean allMembers(Map<String, String> params) {
        return BASE_KEYS.containsAll(params.keySet());
    }

    @Override
    public long candidateCount(Map<String, String> params) {
        return allMembers(params) ? organizations.getMembersCount(organization) : session.users().getUsersCount(realm, params);
    }

    /**
     * Without conditions, the organization's members as Keycloak pages them. With conditions, Keycloak can search
     * only the realm, so its pages are narrowed to members here; a query then walks them as a bounded scan.
     */
    @Override
    public Stream<UserModel> candidates(Map<String, String> params, int first, int max) {
        if (allMembers(params)) {
            return organizations.getMembersStream(organization, (String) null, null, first, max).filter(RealmUsers::isPerson);
        }
        return session.users().searchForUserStream(realm, params, first, max).filter(this::isMember);
    }

    @Override
    public boolean searchesExactly(Map<String, String> params) {
        return allMembers(params);
    }

    @Override
    public Optional<List<UserModel>> withAttribute(String name, String value, int max) {
        return UserIndex.idsWithAttribute(session, realm, name, value, max).map(this::membersAmong);
    }

    @Override
    public Optional<List<UserModel>> withEmail(String address, int max) {
        return UserIndex.idsWithEmail(session, realm, address, max).map(this::membersAmong);
    }

    /** The members among the realm's users of these ids: an exact lookup finds a handful, each checked here. */
    private List<UserModel> membersAmong(List<String> ids) {
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<List<UserModel>> fromEnd(int first, int max) {
        if (!KeycloakCapabilities.organizationGroups()) {
            return Optional.empty();
        }
        // The ids come from the membership itself, so the users need no membership check.
        return UserIndex.memberIdsFromEnd(session, organizations.getOrganizationGroup(organization).getId(), first, max)
                .map(ids -> UserIndex.load(session, realm, ids).stream().filter(RealmUsers::isPerson).toList());
    }

    @Override
    public void admit(UserModel created) {
        organizations.addManagedMember(organization, created);
    }

    /** Managed by this organization and a member of no other. */
    private boolean ownedHereAlone(UserModel user) {
        return organizations.isManagedMember(organization, user)
                && organizations.getByMember(user).allMatch(o -> o.getId().equals(organization.getId()));
    }

    private List<String> inactiveIn(UserModel user) {
        return user.getAttributeStream(UserAttributes.INACTIVE_IN).collect(Collectors.toCollection(ArrayList::new));
    }

    @Override
    public boolean activeIsEnabled() {
        return false;
    }

    @Override
    public boolean isActive(UserModel user) {
        return user.isEnabled() && !inactiveIn(user).contains(organization.getId());
    }

    @Override
    public void setActive(UserModel user, boolean active) {
        boolean alone = ownedHereAlone(user);
        List<String> inactive = inactiveIn(user);
        boolean changed = active ? inactive.remove(organization.getId())
                : !alone && !inactive.contains(organization.getId()) && inactive.add(organization.getId());
        if (changed) {
            writeInactiveIn(user, inactive);
        }
        if (alone) {
            Sessions.setEnabled(session, realm, user, active);
        }
    }

    private static void writeInactiveIn(UserModel user, List<String> organizationIds) {
        if (organizationIds.isEmpty()) {
            user.removeAttribute(UserAttributes.INACTIVE_IN);
        } else {
            user.setAttribute(UserAttributes.INACTIVE_IN, organizationIds);
        }
    }

    @Override
    public void remove(UserModel user, ProvisioningSettings.DeleteMode mode) {
        if (mode == ProvisioningSettings.DeleteMode.DISABLE) {
            setActive(user, false);
            return;
        }
        if (ownedHereAlone(user)) {
            Sessions.endAll(session, realm, user);
            new UserManager(session).removeUser(realm, user);
            return;
        }
        if (organizations.isManagedMember(organization, user)) {
            if (!KeycloakCapabilities.organizationGroups()) {
                // Older Keycloaks offer no way to end a managed membership but deleting the account: deactivate here.
                setActive(user, false);
                return;
            }
            unmanage(user);
        }
        List<String> inactive = inactiveIn(user);
        if (inactive.remove(organization.getId())) {
            writeInactiveIn(user, inactive);
        }
        organizations.removeMember(organization, user);
    }

    /**
     * Turns this organization's managed membership of a shared account into an ordinary one. Keycloak deletes
     * the account whenever a managed member leaves, which would lock it out of the other organizations. The
     * managed link is dropped on the organization's hidden group, and the membership is added back through the
     * provider, so that its membership caches (on every node) are invalidated as for any other change. The
     * organization's teams are left first: once the hidden group is left, Keycloak no longer lists them.
     */
    private void unmanage(UserModel user) {
        organizations.getOrganizationGroupsByMember(organization, user).toList().forEach(user::leaveGroup);
        OrganizationModel previous = session.getContext().getOrganization();
        // Keycloak lets the organization's hidden group be changed only within that organization's context.
        session.getContext().setOrganization(organization);
        try {
            user.leaveGroup(organizations.getOrganizationGroup(organization));
        } finally {
            session.getContext().setOrganization(previous);
        }
        organizations.addMember(organization, user);
    }

    @Override
    public Optional<String> refusedEmail(String email, ProvisioningSettings settings) {
        if (!settings.restrictEmailDomains() || email == null) {
            return Optional.empty();
        }
        List<String> domains = organization.getDomains().map(OrganizationDomainModel::getName)
                .map(d -> d.toLowerCase(Locale.ROOT)).sorted().toList();
        int at = email.lastIndexOf('@');
        String domain = at < 0 ? "" : email.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domains.isEmpty() || domains.contains(domain)) {
            return Optional.empty();
        }
        return Optional.of("The email '" + email + "' is outside this organization's domains (" + String.join(", ", domains)
                + "); its provisioning creates accounts only in them (setting restrictEmailDomains).");
    }
}
