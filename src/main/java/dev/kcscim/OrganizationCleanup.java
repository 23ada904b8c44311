package dev.kcscim;

import dev.kcscim.observe.ActivityLog;
import dev.kcscim.tenant.StateTables;
import org.jboss.logging.Logger;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;


/**
 * Removes an organization's provisioning settings and tokens when the organization is deleted, in the deleting
 * transaction, so that nothing of a deleted tenant lingers, and forgets its activity log.
 */
public final class OrganizationCleanup {

    private static final Logger LOG = Logger.getLogger(OrganizationCleanup.class);

    private OrganizationCleanup() {
    }

    /** @param activity the activity log, which forgets the organization's entries too */
    public static void onEvent(ProviderEvent event, ActivityLog activity) {
        if (!(event instanceof OrganizationModel.OrganizationRemovedEvent removed)) {
            return;
        }
        RealmModel realm = removed.getKeycloakSession().getContext().getRealm();
        if (realm == null) {
            return;
        }
        try {
            StateTables.forget(removed.getKeycloakSession(), realm.getId(), removed.getOrganization().getId());
            activity.forget(realm.getId(), removed.getOrganization().getId());
        } catch (RuntimeException e) {
            // Deleting the organization (or its whole realm) must never fail for this; leftovers are inert.
            LOG.warnf("Could not remove the provisioning settings of deleted organization %s: %s", removed.getOrganization().getId(), e.toString());
        }
    }
}
