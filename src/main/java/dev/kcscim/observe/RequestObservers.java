package dev.kcscim.observe;

import org.jboss.logging.Logger;

/** What sees every answered SCIM request: the metrics and the activity log. Neither may fail or slow a request. */
public final class RequestObservers {

    private static final Logger LOG = Logger.getLogger(RequestObservers.class);

    private final ActivityLog activity;

    public RequestObservers(ActivityLog activity) {
        this.activity = activity;
    }

    /** @param logged whether the request goes into its tenant's activity log (a known tenant whose log is on) */
    public void answered(RequestRecord request, boolean logged) {
        try {
            ScimMetrics.record(request);
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("SCIM metrics not recorded: %s", e.toString());
        }
        if (activity != null && logged) {
            activity.record(request);
        }
    }

    /** A request refused by admission control, counted by reason besides its 429 in the request metrics. */
    public void throttled(RequestRecord request, String reason) {
        try {
            ScimMetrics.throttled(request, reason);
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("SCIM metrics not recorded: %s", e.toString());
        }
    }
}
