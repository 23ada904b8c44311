package dev.kcscim.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcscim.auth.TokenRecord;


/** A token as listed: metadata only, never the secret or its hash. */
// Keycloak's JSON provider drops nulls by default; an explicit null tells the page "never" or "not yet".
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TokenRepresentation(String id, String name, String createdAt, String expiresAt, String lastUsedAt) {

    static TokenRepresentation of(TokenRecord record) {
        return new TokenRepresentation(record.id(), record.name(), record.createdAt().toString(),
                record.expiresAt() == null ? null : record.expiresAt().toString(),
                record.lastUsedAt() == null ? null : record.lastUsedAt().toString());
    }
}
