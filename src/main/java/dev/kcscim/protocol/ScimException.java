package dev.kcscim.protocol;

import java.util.Map;

/**
 * Thrown anywhere below the HTTP boundary to end a request with a SCIM error. The boundary turns it into
 * a response and marks the transaction rollback-only, so a failed request writes nothing.
 */
public class ScimException extends RuntimeException {

    private final ScimError error;
    private final Map<String, String> headers;

    public ScimException(int status, ScimType scimType, String detail) {
        this(new ScimError(status, scimType, detail), Map.of());
    }

    public ScimException(ScimError error, Map<String, String> headers) {
        super(error.detail(), null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public ScimError error() {
        return error;
    }

    /** Extra response headers, such as {@code WWW-Authenticate} on a 401 or {@code Allow} on a 405. */
    public Map<String, String> headers() {
        return headers;
    }

    public static ScimException badRequest(ScimType type, String detail) {
        return new ScimException(400, type, detail);
    }

    /** RFC 7644 §3.12: 501 for an operation this service provider does not support. */
    public static ScimException notImplemented(String detail) {
        return new ScimException(501, null, detail);
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException unauthorized(String detail, String challenge) {
        return new ScimException(new ScimError(401, null, detail), Map.of("WWW-Authenticate", challenge));
    }
}
