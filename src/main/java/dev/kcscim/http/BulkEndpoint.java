package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.auth.ScimPrincipal;
import dev.kcscim.keycloak.Persistence;
import dev.kcscim.keycloak.ProvisioningSettings;
import dev.kcscim.keycloak.Tenant;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.bulk.BulkProcessor;
import dev.kcscim.protocol.bulk.BulkRequest;
import dev.kcscim.protocol.routing.MediaTypes;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /Bulk}. The protocol core orders the operations and resolves their bulkIds
 * ({@link BulkProcessor}); here each operation runs as the single request would, through the same routes, in a
 * Keycloak transaction of its own: it is committed when it succeeds and rolled back when it fails, so nothing is
 * half written and a failure does not undo the operations before it.
 */
final class BulkEndpoint {

    private final KeycloakSession session;
    private final Tenant tenant;
    private final ScimPrincipal principal;
    private final ScimLimits limits;

    BulkEndpoint(KeycloakSession session, Tenant tenant, ScimPrincipal principal, ScimLimits limits) {
        this.session = session;
        this.tenant = tenant;
        this.principal = principal;
        this.limits = limits;
    }

    void register(ScimRouter router) {
        router.route("POST", "Bulk", (req, vars) -> bulk(req));
    }

    private ScimResponse bulk(ScimRequest req) {
        BulkRequest request = BulkRequest.parse(Json.parse(req.body()), limits.maxBulkOperations());
        return ScimResponse.ok(BulkProcessor.process(request, (method, path, data, version) -> runAlone(req, method, path, data, version)));
    }

    private ScimResponse runAlone(ScimRequest outer, String method, String path, JsonNode data, String version) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of(MediaTypes.SCIM_JSON));
        headers.put("accept", List.of(MediaTypes.SCIM_JSON));
        if (version != null) {
            headers.put("if-match", List.of(version));
        }
        ScimRequest request = new ScimRequest(method, path, Map.of(), headers, data == null ? new byte[0] : Json.write(data), outer.baseUri());
        String realmId = tenant.realm().getId();
        String organizationId = tenant.isOrganization() ? tenant.organization().getId() : null;
        ScimResponse[] answer = new ScimResponse[1];
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                RealmModel realm = own.realms().getRealm(realmId);
                own.getContext().setRealm(realm);
                Tenant here = organizationId == null ? Tenant.of(realm) : Tenant.requireOrganization(own, realm, organizationId);
                answer[0] = ScimService.forTenant(own, here, ProvisioningSettings.of(here), principal, limits)
                        .router().dispatch(request);
                if (answer[0].status() >= 400) {
                    own.getTransactionManager().setRollbackOnly();
                } else {
                    Persistence.flush(own);
                }
            });
        } catch (RuntimeException e) {
            answer[0] = ScimErrors.answer(e, path.startsWith("/") ? path.substring(1) : path,
                    "the bulk operation " + method + " " + path + " in realm " + tenant.realm().getName());
        }
        return answer[0];
    }
}
