package dev.kcscim.http;

import dev.kcscim.admission.AdmissionControl;
import dev.kcscim.admission.Refused;
import dev.kcscim.admission.Ticket;
import dev.kcscim.auth.ScimAuthenticator;
import dev.kcscim.keycloak.jpa.Persistence;
import dev.kcscim.observe.RequestNotes;
import dev.kcscim.observe.RequestObservers;
import dev.kcscim.observe.RequestRecord;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.routing.MediaTypes;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.ScimPrincipal;
import dev.kcscim.tenant.Tenant;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JAX-RS boundary of {@code /realms/{realm}/provisioning/scim/v2} and of each organization's
 * {@code /realms/{realm}/provisioning/organizations/{id}/scim/v2}. It takes every method and path so
 * that routing, content negotiation and errors stay in SCIM's hands, checks the realm switch and the
 * token once, and turns every outcome (including unexpected failures) into a SCIM response.
 */
public class ScimEndpoint {

    /** Bodies larger than this are refused with 413; SCIM user and group documents are a few kB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final KeycloakSession session;
    private final ScimLimits limits;
    private final RequestObservers observers;
    private final AdmissionControl admission;
    private final String organizationId;

    /** @param organizationId the organization whose base URL this is, or null for the realm's */
    ScimEndpoint(KeycloakSession session, ScimLimits limits, RequestObservers observers, AdmissionControl admission, String organizationId) {
        this.session = session;
        this.limits = limits;
        this.observers = observers;
        this.admission = admission;
        this.organizationId = organizationId;
    }

    @GET
    @Path("{path: .*}")
    public Response get(@PathParam("path") String path) {
        return handle("GET", path, null);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@PathParam("path") String path) {
        return handle("DELETE", path, null);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@PathParam("path") String path, InputStream body) {
        return handle("POST", path, body);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@PathParam("path") String path, InputStream body) {
        return handle("PUT", path, body);
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@PathParam("path") String path, InputStream body) {
        return handle("PATCH", path, body);
    }

    private Response handle(String method, String path, InputStream body) {
        // The request's processor time counts from here, the token check included, until its answer is written; the
        // meter gives back the admitted request's slots however it ends.
        try (AdmissionControl.Meter meter = admission.meter()) {
            return handle(method, path, body, meter);
        }
    }

    private Response handle(String method, String path, InputStream body, AdmissionControl.Meter meter) {
        long started = System.nanoTime();
        RealmModel realm = session.getContext().getRealm();
        ScimResponse response;
        String tokenName = null;
        Tenant tenant = null;
        boolean logged = false;
        Refused throttled = null;
        try {
            tenant = organizationId == null ? Tenant.of(realm) : Tenant.requireOrganization(session, realm, organizationId);
            ProvisioningSettings settings = ProvisioningSettings.of(session, tenant);
            logged = settings.activityLog();
            if (!settings.enabled()) {
                // Indistinguishable from a path that does not exist: a disabled tenant reveals nothing.
                throw ScimException.notFound("Not found.");
            }
            HttpHeaders headers = session.getContext().getRequestHeaders();
            ScimPrincipal principal = new ScimAuthenticator(session, Clock.systemUTC())
                    .authenticate(tenant, headers.getHeaderString(HttpHeaders.AUTHORIZATION));
            tokenName = principal.tokenName();
            // Admitted after the token is checked, so that calls without a valid token cannot use up a tenant's share,
            // and before the body is read, so that a refused request costs as little as it can.
            Ticket admitted = admission.admit(tenant.key(), settings.admission(), meter);
            ScimRequest request = toRequest(method, path, headers, readBody(body), tenant);
            response = ScimService.forTenant(session, tenant, settings, principal, limits, admitted).router().dispatch(request);
            if (!method.equals("GET")) {
                // A conflict with a concurrent request is found now, while the answer can still be a SCIM 409.
                Persistence.flush(session);
            }
        } catch (Refused refused) {
            // A refusal costs the node too (the token check, the answer): its processor time counts against the budget,
            // which makes the next Retry-After longer when clients retry too eagerly.
            admission.chargeRefused(meter);
            session.getTransactionManager().setRollbackOnly();
            response = ScimErrors.throttled(refused);
            throttled = refused;
            // One entry per burst of refusals in the activity log; the metrics count every one.
            logged = logged && refused.firstOfBurst();
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            response = ScimErrors.answer(e, path, "SCIM " + method + " /" + path + " in realm " + realm.getName());
        }
        // An error's detail, or what a request that succeeded noted (an account created without its sign-in link, say).
        String detail = response.status() >= 400 ? (response.body() != null ? response.body().path("detail").asText(null) : null)
                : RequestNotes.of(session);
        // An organization id that names no organization is not a tenant: nothing goes into any tenant's log for it.
        RequestRecord record = new RequestRecord(System.currentTimeMillis(), realm.getId(), realm.getName(), organizationId, tokenName,
                method, path, response.status(), System.nanoTime() - started, detail);
        observers.answered(record, tenant != null && logged);
        if (throttled != null) {
            observers.throttled(record, throttled.reason().label());
        }
        return toJaxRs(response);
    }

    private ScimRequest toRequest(String method, String path, HttpHeaders headers, byte[] body, Tenant tenant) {
        Map<String, String> query = new LinkedHashMap<>();
        session.getContext().getUri().getQueryParameters().forEach((k, v) -> {
            if (!v.isEmpty()) {
                query.put(k, v.get(0));
            }
        });
        Map<String, List<String>> headerMap = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((k, v) -> headerMap.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String base = session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(tenant.realm().getName()).path(tenant.scimPath())
                .build().toString();
        return new ScimRequest(method, path, query, headerMap, body, base);
    }

    private static byte[] readBody(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ScimException(413, dev.kcscim.protocol.ScimType.tooLarge, "The request body exceeds the limit of "
                        + MAX_BODY_BYTES + " bytes (maxPayloadSize).");
            }
            return bytes;
        } catch (IOException e) {
            throw ScimException.badRequest(dev.kcscim.protocol.ScimType.invalidSyntax, "The request body could not be read.");
        }
    }

    private static Response toJaxRs(ScimResponse response) {
        Response.ResponseBuilder builder = Response.status(response.status());
        response.headers().forEach(builder::header);
        if (response.body() != null) {
            builder.type(MediaTypes.SCIM_JSON_UTF8).entity(Json.write(response.body()));
        }
        return builder.build();
    }
}
