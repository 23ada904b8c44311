package dev.kcscim.keycloak.users;

import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.tenant.LinkSettings;
import dev.kcscim.tenant.RealmContext;
import dev.kcscim.tenant.Tenant;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Comparator;
import java.util.List;

/**
 * Keeps a provisioned account linked to the identity provider its person signs in with: a Keycloak federated
 * identity link (alias, the person's id there, the userName), as the broker's first broker login would have made
 * it. The broker then finds the account on the first sign-in. Links go through {@code UserProvider}'s
 * federated-identity methods, so Keycloak's user caches stay right on every node; links to other identity
 * providers are never touched.
 */
public final class IdentityLinks {

    /**
     * Who hears of each link made (CREATE) or removed (DELETE): admin events filed as Keycloak's federated-identity
     * API files them (see {@link LinkEvents}).
     */
    @FunctionalInterface
    public interface Events {
        void filed(OperationType operation, UserModel user, FederatedIdentityModel link);
    }

    /**
     * What linking does for one person: a link to {@code alias} with {@code subject}, or none, and why not when
     * linking is on ({@code note}).
     */
    public record Plan(String alias, String subject, String userName, String note) {
        public boolean links() {
            return alias != null && subject != null;
        }
    }

    /** What {@link #apply} did. */
    public enum Outcome { LINKED, ALREADY_LINKED, NONE }

    /** The width of Keycloak's column for a link's id at the identity provider. */
    static final int MAX_ID_LENGTH = 255;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Tenant tenant;
    private final LinkSettings settings;
    private final Events events;
    private List<LinkTargets.Candidate> candidates;

    public IdentityLinks(KeycloakSession session, Tenant tenant, LinkSettings settings, Events events) {
        this.session = session;
        this.realm = tenant.realm();
        this.tenant = tenant;
        this.settings = settings;
        this.events = events;
    }

    /** Whether linking can do anything here: an alias is set, or an organization has identity providers linked to it. */
    public boolean enabled() {
        return settings.alias() != null || (tenant.isOrganization() && !candidates().isEmpty());
    }

    /** The identity providers an organization without an alias chooses from: those linked to it, by alias. */
    public List<LinkTargets.Candidate> candidates() {
        if (candidates == null) {
            candidates = tenant.isOrganization() ? organizationProviders(session, tenant).stream()
                    .map(p -> new LinkTargets.Candidate(p.getAlias(), p.getConfig().get(OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE)))
                    .toList() : List.of();
        }
        return candidates;
    }

    /** The identity providers linked to an organization, in alias order. */
    static List<IdentityProviderModel> organizationProviders(KeycloakSession session, Tenant organization) {
        // Keycloak looks them up in the context realm, which in the admin API is the admin's own.
        return RealmContext.in(session, organization.realm(), () -> organization.organization().getIdentityProviders()
                .sorted(Comparator.comparing(IdentityProviderModel::getAlias)).toList());
    }

    public String describe() {
        return LinkTargets.describe(settings.alias(), tenant.isOrganization(), candidates());
    }

    /** What linking does for a person with this SCIM userName, externalId and primary email. */
    public Plan plan(String userName, String externalId, String email) {
        if (settings.alias() == null && !tenant.isOrganization()) {
            return new Plan(null, null, userName, null);
        }
        LinkTargets.Choice choice = LinkTargets.choose(settings.alias(), tenant.isOrganization(), candidates(), email);
        if (!choice.linked()) {
            return new Plan(null, null, userName, choice.reason() == null ? null : "Not linked to an identity provider: " + choice.reason() + ".");
        }
        if (RealmContext.in(session, realm, () -> session.identityProviders().getByAlias(choice.alias())) == null) {
            return new Plan(null, null, userName, "Not linked: the identity provider '" + choice.alias() + "' does not exist any more.");
        }
        String subject = settings.subject().of(userName, externalId);
        if (subject == null) {
            return new Plan(choice.alias(), null, userName, "Not linked to the identity provider '" + choice.alias() + "': the identity provider sent no "
                    + settings.subject().wire() + ", which is the person's id there (setting identityProviderSubject).");
        }
        if (subject.length() > MAX_ID_LENGTH) {
            // Keycloak keeps a link's id in a column of this width; a longer one is no id any identity provider sends.
            return new Plan(choice.alias(), null, userName, "Not linked to the identity provider '" + choice.alias() + "': its id ("
                    + settings.subject().wire() + ") is longer than " + MAX_ID_LENGTH + " characters.");
        }
        return new Plan(choice.alias(), subject, userName, null);
    }

    /** Refuses a subject that another account is linked to already, before anything of the request is written. */
    public void checkFree(Plan plan, UserModel self) {
        UserModel other = linkedAccount(plan);
        if (other != null && (self == null || !other.getId().equals(self.getId()))) {
            throw taken(plan);
        }
    }

    /** The account linked to the plan's subject at its identity provider, or null. */
    public UserModel linkedAccount(Plan plan) {
        return session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(plan.alias(), plan.subject(), null));
    }

    public static ScimException taken(Plan plan) {
        return new ScimException(409, ScimType.uniqueness, "The id '" + plan.subject() + "' at the identity provider '" + plan.alias()
                + "' is linked to another account already; one person signs in to one account.");
    }

    /**
     * Links the account as planned. A link to the same identity provider with another id is moved: the old one is
     * removed, so the person signs in with the id the identity provider now sends. Without a subject, a link the
     * account has (made by a first broker login, say) is kept. {@code created} skips the read of links that a new
     * account cannot have.
     */
    public Outcome apply(UserModel user, Plan plan, boolean created) {
        if (plan.alias() == null || (created && plan.subject() == null)) {
            return Outcome.NONE;
        }
        FederatedIdentityModel existing = created ? null : session.users().getFederatedIdentity(realm, user, plan.alias());
        if (plan.subject() == null) {
            return existing == null ? Outcome.NONE : Outcome.ALREADY_LINKED;
        }
        if (existing != null && plan.subject().equals(existing.getUserId())) {
            return Outcome.ALREADY_LINKED;
        }
        if (!created) {
            checkFree(plan, user);
        }
        if (existing != null) {
            session.users().removeFederatedIdentity(realm, user, plan.alias());
            events.filed(OperationType.DELETE, user, existing);
        }
        FederatedIdentityModel link = new FederatedIdentityModel(plan.alias(), plan.subject(), plan.userName());
        session.users().addFederatedIdentity(realm, user, link);
        events.filed(OperationType.CREATE, user, link);
        return Outcome.LINKED;
    }
}
