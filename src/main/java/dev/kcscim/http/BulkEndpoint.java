package dev.kcscim.http;

import dev.kcscim.admission.Ticket;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.keycloak.jpa.Persistence;
import dev.kcscim.observe.RequestNotes;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.bulk.BulkProcessor;
import dev.kcscim.protocol.bulk.BulkRequest;
import dev.kcscim.protocol.routing.MediaTypes;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.ScimPrincipal;
import dev.kcscim.tenant.Tenant;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code POST /Bulk}. The protocol core orders the operations and resolves their bulkIds
 * ({@link BulkProcessor}); here each operation runs as the single request would, through the same routes, in a
 * Keycloak transaction of its own: it is committed when it succeeds and rolled back when it fails, so nothing is
 * half written and a failure does not undo the operations before it.
 */
final class BulkEndpoint {

    private static final Logger LOG = Logger.getLogger(BulkEndpoint.class);

    private final KeycloakSession session;
    private final Tenant tenant;
    private final ScimPrincipal principal;
    private final ScimLimits limits;
    private final Ticket admission;

    BulkEndpoint(ScimContext context) {
        this.session = context.session();
        this.tenant = context.tenant();
        this.principal = context.principal();
        this.limits = context.limits();
        this.admission = context.admission();
    }

    void register(ScimRouter router) {
        router.route("POST", "Bulk", (req, vars) -> bulk(req));
    }

    private ScimResponse bulk(ScimRequest req) {
        BulkRequest request = BulkRequest.parse(Json.parse(req.body()), limits.maxBulkOperations());
        // One request against the tenant's concurrency, one unit per operation against its rate; between transactions
        // it keeps to the node's processor budget (pace), so a large /Bulk never holds a processor for long.
        admission.charge(request.operations().size() - 1);
        return ScimResponse.ok(BulkProcessor.process(request, new BulkProcessor.Transactions() {
            @Override
            public ScimResponse alone(String method, String path, JsonNode data, String version) {
                return runAlone(req, method, path, data, version);
            }

            @Override
            public boolean together(Predicate<BulkProcessor.Runner> work) {
                return runTogether(req, work);
            }
        }));
    }

    /** One operation in a transaction of its own; whatever goes wrong is its SCIM answer, and rolls it back. */
    private ScimResponse runAlone(ScimRequest outer, String method, String path, JsonNode data, String version) {
        ScimResponse[] answer = new ScimResponse[1];
        admission.pace();
        try {
            inTransaction(router -> {
                answer[0] = router.dispatch(request(outer, method, path, data, version));
                return answer[0].status() < 400;
            });
        } catch (RuntimeException e) {
            answer[0] = ScimErrors.answer(e, path.startsWith("/") ? path.substring(1) : path,
                    "the bulk operation " + method + " " + path + " in realm " + tenant.realm().getName());
        }
        return answer[0];
    }

    /** Several operations in one transaction; any failure (an answer, an exception, the final flush) rolls all back. */
    private boolean runTogether(ScimRequest outer, Predicate<BulkProcessor.Runner> work) {
        if (admission.paced()) {
            // Where the node bounds SCIM's processor time, the operations run one by one, each paced to the budget
            // before its own transaction: ten creates with passwords at once would take a processor for seconds, and
            // waiting inside a transaction would hold its connection and its locks.
            return false;
        }
        try {
            return inTransaction(router -> work.test((method, path, data, version) -> router.dispatch(request(outer, method, path, data, version))));
        } catch (RuntimeException e) {
            // The operations run again one by one, where this failure gets its own answer.
            LOG.debugf("A bulk group in realm %s was rolled back and runs again one by one: %s", tenant.realm().getName(), e.toString());
            return false;
        }
    }

    /**
     * Runs {@code work} with the tenant's routes in a new transaction, which commits (after a flush, so that a
     * conflict is found here) when {@code work} answers true, and is rolled back otherwise.
     */
    private boolean inTransaction(Predicate<ScimRouter> work) {
        String realmId = tenant.realm().getId();
        String organizationId = tenant.isOrganization() ? tenant.organization().getId() : null;
        boolean[] committed = new boolean[1];
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
            RealmModel realm = own.realms().getRealm(realmId);
            own.getContext().setRealm(realm);
            Tenant here = organizationId == null ? Tenant.of(realm) : Tenant.requireOrganization(own, realm, organizationId);
            ScimRouter router = ScimService.forTenant(own, here, ProvisioningSettings.of(own, here), principal, limits, Ticket.NONE).router();
            if (work.test(router)) {
                Persistence.flush(own);
                committed[0] = true;
                RequestNotes.copy(own, session);
            } else {
                own.getTransactionManager().setRollbackOnly();
            }
        });
        return committed[0];
    }

    private static ScimRequest request(ScimRequest outer, String method, String path, JsonNode data, String version) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of(MediaTypes.SCIM_JSON));
        headers.put("accept", List.of(MediaTypes.SCIM_JSON));
        if (version != null) {
            headers.put("if-match", List.of(version));
        }
        return new ScimRequest(method, path, Map.of(), headers, data == null ? new byte[0] : Json.write(data), outer.baseUri());
    }
}
