package dev.kcscim;

import dev.kcscim.admission.AdmissionControl;
import dev.kcscim.admission.AdmissionLimits;
import dev.kcscim.admission.CpuBudget;
import dev.kcscim.http.ProvisioningRealmResource;
import dev.kcscim.http.ScimLimits;
import dev.kcscim.keycloak.scope.KeycloakCapabilities;
import dev.kcscim.observe.ActivityLog;
import dev.kcscim.observe.RequestObservers;
import dev.kcscim.tenant.LegacyAttributes;
import dev.kcscim.tenant.StateTables;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import java.time.Duration;

/**
 * Registers {@code /realms/{realm}/provisioning}. The id is not {@code scim}, so that Keycloak's own
 * experimental SCIM API (feature {@code scim-api}) can run beside this one.
 */
public class ProvisioningRealmResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "provisioning";

    private ScimLimits limits = ScimLimits.DEFAULTS;
    private ActivityLog.Bounds activityBounds = ActivityLog.Bounds.DEFAULTS;
    private ActivityLog activity;
    private RequestObservers observers = new RequestObservers(null);
    private AdmissionControl admission = new AdmissionControl(AdmissionLimits.nodeDefaults(Runtime.getRuntime().availableProcessors()),
            AdmissionLimits.TENANT_DEFAULTS, CpuBudget.OFF, Duration.ZERO);

    /** The share of the node's processors SCIM may use at most (admission-cpu-share). */
    static final double CPU_SHARE = 0.5;
    /** How busy the node's processors may be in all before SCIM's processor budget gives way (admission-cpu-target). */
    static final double CPU_TARGET = 0.5;
    /** How long a request over a limit may wait to be admitted (admission-max-wait-millis). */
    static final int MAX_WAIT_MILLIS = 2000;

    private static double share(String option, double fallback) {
        try {
            return option == null || option.isBlank() ? fallback : Math.max(0, Double.parseDouble(option.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static AdmissionLimits admissionLimits(Config.Scope config, String prefix, AdmissionLimits defaults) {
        return new AdmissionLimits(Math.max(0, config.getInt(prefix + "MaxConcurrent", defaults.maxConcurrent())),
                Math.max(0, config.getInt(prefix + "RequestsPerSecond", defaults.requestsPerSecond())),
                Math.max(0, config.getInt(prefix + "Burst", defaults.burst())));
    }

    /** This server's admission control, which the SCIM endpoints apply and the admin API reports. */
    public static AdmissionControl admission(KeycloakSession session) {
        return of(session).admission;
    }

    /** The activity log of this server, which the SCIM endpoints write and the admin API reads. */
    public static ActivityLog activityLog(KeycloakSession session) {
        return of(session).activity;
    }

    /** This server's instance of the factory, which holds what the SCIM endpoints and the admin API share. */
    private static ProvisioningRealmResourceProviderFactory of(KeycloakSession session) {
        return (ProvisioningRealmResourceProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RealmResourceProvider.class, ID);
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ProvisioningRealmResource(session, limits, observers, admission);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        // --spi-realm-restapi-extension--provisioning--max-scan=N (and --max-results, --max-bulk-operations) tune the bounds.
        limits = new ScimLimits(config.getInt("maxResults", ScimLimits.DEFAULTS.maxResults()),
                config.getInt("maxScan", ScimLimits.DEFAULTS.maxScan()),
                config.getInt("maxBulkOperations", ScimLimits.DEFAULTS.maxBulkOperations()));
        // --spi-realm-restapi-extension--provisioning--admission-max-concurrent=N, --admission-requests-per-second=N and
        // --admission-burst=N bound the node over all tenants; --admission-tenant-max-concurrent=N (and -requests-per-second,
        // -burst) are the limits of a tenant that sets none of its own. 0 turns a limit off. --admission-cpu-share=0.5 is
        // the share of the processors' time SCIM may use, less what the rest of the node needs to stay within
        // --admission-cpu-target=0.5 of them (0 keeps it fixed); --admission-max-wait-millis=2000 is how long a request
        // over a limit may wait.
        int processors = Runtime.getRuntime().availableProcessors();
        admission = new AdmissionControl(admissionLimits(config, "admission", AdmissionLimits.nodeDefaults(processors)),
                admissionLimits(config, "admissionTenant", AdmissionLimits.TENANT_DEFAULTS),
                CpuBudget.ofProcessors(share(config.get("admissionCpuShare"), CPU_SHARE), share(config.get("admissionCpuTarget"), CPU_TARGET), processors),
                Duration.ofMillis(Math.max(0, config.getInt("admissionMaxWaitMillis", MAX_WAIT_MILLIS))));
        // --spi-realm-restapi-extension--provisioning--activity-max-entries=N and --activity-max-age-days=N.
        activityBounds = new ActivityLog.Bounds(Math.max(1, config.getInt("activityMaxEntries", ActivityLog.Bounds.DEFAULTS.maxEntries())),
                Duration.ofDays(Math.max(1, config.getInt("activityMaxAgeDays", (int) ActivityLog.Bounds.DEFAULTS.maxAge().toDays()))));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        activity = new ActivityLog(factory, activityBounds);
        observers = new RequestObservers(activity);
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                StateTables.forget(removed.getKeycloakSession(), removed.getRealm().getId(), null);
                activity.forget(removed.getRealm().getId(), null);
            } else if (event instanceof PostMigrationEvent) {
                // Keycloak's own schema is ready: move what earlier versions kept in realm attributes.
                LegacyAttributes.migrateAll(factory);
            }
        });
        if (KeycloakCapabilities.organizationRemovedEvent()) {
            factory.register(event -> OrganizationCleanup.onEvent(event, activity));
        }
    }

    @Override
    public void close() {
        if (activity != null) {
            activity.close();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
