package dev.kcscim.auth;

import dev.kcscim.protocol.ScimException;
import dev.kcscim.tenant.ScimPrincipal;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.KeycloakSession;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Checks the {@code Authorization} header of a SCIM request against its tenant's provisioning tokens. Every
 * failure looks the same to the caller (401), so the answer tells an attacker nothing about why.
 */
public final class ScimAuthenticator {

    private final KeycloakSession session;
    private final Clock clock;

    public ScimAuthenticator(KeycloakSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    public ScimPrincipal authenticate(Tenant tenant, String authorizationHeader) {
        String challenge = "Bearer realm=\"" + tenant.realm().getName() + "\"";
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw ScimException.unauthorized("Authentication is required: send 'Authorization: Bearer <provisioning token>'.", challenge);
        }
        String header = authorizationHeader.trim();
        if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw ScimException.unauthorized("Only Bearer authentication with a provisioning token is supported.", challenge);
        }
        String presented = header.substring("bearer ".length()).trim();
        Instant now = clock.instant();
        TokenRecord record = TokenStore.verify(session, tenant, presented, now).orElseThrow(() -> ScimException.unauthorized(
                "The provisioning token is invalid, expired or revoked.", challenge + ", error=\"invalid_token\""));
        TokenStore.recordUse(session.getKeycloakSessionFactory(), record, now);
        return new ScimPrincipal(tenant.realm().getId(), record.id(), record.name(),
                tenant.isOrganization() ? tenant.organization().getId() : null,
                tenant.isOrganization() ? tenant.organization().getName() : null);
    }
}
