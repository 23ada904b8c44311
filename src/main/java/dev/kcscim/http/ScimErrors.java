package dev.kcscim.http;

import dev.kcscim.admission.Refused;
import dev.kcscim.keycloak.jpa.Persistence;
import dev.kcscim.protocol.ScimError;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.schema.AttributePathException;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place where failures become SCIM errors. Code below the boundary throws {@link ScimException} for
 * what it refuses on purpose; the rest is translated here, so that no endpoint repeats it:
 * <ul>
 *   <li>a filter or attribute path that does not parse or resolve: 400 {@code invalidFilter};</li>
 *   <li>a unique key taken by another request, whether Keycloak reports it as {@link ModelDuplicateException} or
 *   the database as an integrity violation (SQL state class 23): 409 {@code uniqueness}.</li>
 * </ul>
 * Anything else is unexpected: {@link #answer} answers it 500 with an error id that the server log holds.
 */
final class ScimErrors {

    private static final Logger LOG = Logger.getLogger(ScimErrors.class);

    private ScimErrors() {
    }

    record Translated(ScimError error, Map<String, String> headers) {
    }

    static Optional<Translated> translate(RuntimeException e, String path) {
        if (e instanceof ScimException scim) {
            return Optional.of(new Translated(scim.error(), scim.headers()));
        }
        if (e instanceof AttributePathException) {
            return Optional.of(new Translated(new ScimError(400, ScimType.invalidFilter, "Invalid filter: " + e.getMessage() + "."), Map.of()));
        }
        if (Persistence.isUniqueViolation(e)) {
            return Optional.of(new Translated(new ScimError(409, ScimType.uniqueness, conflictDetail(path)), Map.of()));
        }
        return Optional.empty();
    }

    /**
     * The SCIM answer to a failure: translated, or else a 500 whose detail carries an error id, logged with the
     * stack trace. {@code what} says in the log what failed, such as "SCIM PATCH /Users/1 in realm acme".
     */
    static ScimResponse answer(RuntimeException e, String path, String what) {
        return translate(e, path).map(t -> ScimResponse.error(t.error(), t.headers())).orElseGet(() -> {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(e, "Unexpected failure of %s (error id %s)", what, errorId);
            return ScimResponse.error(new ScimError(500, null,
                    "An unexpected error occurred; nothing was changed. Error id " + errorId + " is in the server log."), Map.of());
        });
    }

    /** 429 with {@code Retry-After}: what Okta and Entra back off on. */
    static ScimResponse throttled(Refused refused) {
        return ScimResponse.error(new ScimError(429, null, refused.getMessage()), Map.of("Retry-After", Long.toString(refused.retryAfterSeconds())));
    }

    private static String conflictDetail(String path) {
        String resource = path.regionMatches(true, 0, "Groups", 0, 6) ? "A team with this displayName"
                : "A user with this userName or email";
        return resource + " was created or changed by another request at the same moment; nothing was changed. "
                + "Read the resource again (for example with a filter on userName) before retrying.";
    }
}
