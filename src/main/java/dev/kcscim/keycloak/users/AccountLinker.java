package dev.kcscim.keycloak.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcscim.keycloak.scope.UserAttributes;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.tenant.LinkSettings;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * "Link the provisioned accounts that have a subject and no link": for an admin who turns linking on after the
 * identity provider pushed its people. Idempotent: an account with a link to the identity provider is counted and
 * left as it is. Runs in batches, each in a transaction of its own, so a large tenant never holds one long
 * transaction or all its users in memory; a batch that fails is reported and the others stand.
 */
public final class AccountLinker {

    /** Accounts per transaction. */
    public static final int BATCH = 100;
    /** The report lists this many skipped accounts; {@code skipped} counts them all. */
    public static final int MAX_LISTED = 1000;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Skipped(String id, String userName, String reason) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(int linked, int alreadyLinked, int skipped, List<Skipped> skippedAccounts, boolean skippedAccountsTruncated,
                         int batches) {
    }

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final String organizationId;
    private final LinkSettings settings;
    private final Function<KeycloakSession, IdentityLinks.Events> events;

    /** @param events the events of a batch, filed in that batch's own session */
    public AccountLinker(KeycloakSessionFactory factory, Tenant tenant, LinkSettings settings, Function<KeycloakSession, IdentityLinks.Events> events) {
        this.factory = factory;
        this.realmId = tenant.realm().getId();
        this.organizationId = tenant.isOrganization() ? tenant.organization().getId() : null;
        this.settings = settings;
        this.events = events;
    }

    public Report run() {
        int[] counts = new int[3];
        List<Skipped> listed = new ArrayList<>();
        int first = 0;
        int batches = 0;
        while (true) {
            int start = first;
            // Linking changes neither the username order nor the marker, so the pages stay put between batches.
            int read = KeycloakModelUtils.runJobInTransactionWithResult(factory, own -> batch(own, start, counts, listed));
            batches++;
            if (read < BATCH) {
                break;
            }
            first += BATCH;
        }
        return new Report(counts[0], counts[1], counts[2], List.copyOf(listed), counts[2] > listed.size(), batches);
    }

    /** One page of the tenant's people; returns how many the page held. */
    private int batch(KeycloakSession own, int first, int[] counts, List<Skipped> listed) {
        RealmModel realm = own.realms().getRealm(realmId);
        own.getContext().setRealm(realm);
        Tenant tenant = organizationId == null ? Tenant.of(realm) : Tenant.requireOrganization(own, realm, organizationId);
        UserScope users = UserScope.of(own, tenant);
        IdentityLinks links = new IdentityLinks(own, tenant, settings, events.apply(own));
        Map<String, String> params = UserScope.baseParams();
        if (!tenant.isOrganization()) {
            // The realm's search narrows to the marker exactly; an organization's members are paged as they are.
            params.put(UserAttributes.PROVISIONED, "true");
        }
        List<UserModel> page = users.candidates(params, first, BATCH).toList();
        for (UserModel user : page) {
            if (!Boolean.parseBoolean(user.getFirstAttribute(UserAttributes.PROVISIONED))) {
                continue;
            }
            String userName = UserMapper.userNameOf(user);
            String reason = linkOne(own, realm, links, user, userName, counts);
            if (reason != null) {
                counts[2]++;
                if (listed.size() < MAX_LISTED) {
                    listed.add(new Skipped(user.getId(), userName, reason));
                }
            }
        }
        return page.size();
    }

    /** Links one account; returns why it was skipped, or null. */
    private static String linkOne(KeycloakSession own, RealmModel realm, IdentityLinks links, UserModel user, String userName, int[] counts) {
        IdentityLinks.Plan plan = links.plan(userName, user.getFirstAttribute(UserAttributes.EXTERNAL_ID), user.getEmail());
        if (plan.alias() != null) {
            FederatedIdentityModel existing = own.users().getFederatedIdentity(realm, user, plan.alias());
            if (existing != null) {
                counts[1]++;
                return null;
            }
        }
        if (!plan.links()) {
            return plan.note() == null ? "Linking is off for this account." : plan.note();
        }
        UserModel other = links.linkedAccount(plan);
        if (other != null) {
            return IdentityLinks.taken(plan).getMessage();
        }
        links.apply(user, plan, false);
        counts[0]++;
        return null;
    }
}
