package dev.kcscim.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcscim.auth.TokenStore;


/** The answer to token creation: the one and only time the secret leaves the server. */
// Keycloak's JSON provider drops nulls by default; an explicit null tells the page "never" or "not yet".
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreatedTokenRepresentation(String id, String name, String createdAt, String expiresAt, String token) {

    static CreatedTokenRepresentation of(TokenStore.Created created) {
        return new CreatedTokenRepresentation(created.record().id(), created.record().name(),
                created.record().createdAt().toString(),
                created.record().expiresAt() == null ? null : created.record().expiresAt().toString(),
                created.secret());
    }
}
