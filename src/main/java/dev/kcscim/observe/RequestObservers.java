package dev.kcscim.observe;

import org.jboss.logging.Logger;

/** What sees every answered SCIM request: the metrics and the activity log. Neither may fail or slow a request. */
public final class RequestObservers {

    private static final Logger LOG = Logger.getLogger(RequestObservers.class);

    private final ActivityLog activity;

    public RequestObservers(ActivityLog activity) {
        this.activity = activity;
    }

    /** @param tenantKnown whether the request reached an existing realm or organization, whose log it goes into */
    public void answered(RequestRecord request, boolean tenantKnown) {
        try {
            ScimMetrics.record(request);
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("SCIM metrics not recorded: %s", e.toString());
        }
        if (activity != null && tenantKnown) {
            activity.record(request);
        }
    }
}
