package dev.kcscim.protocol.routing;

import dev.kcscim.protocol.ScimError;
import dev.kcscim.protocol.ScimException;

import java.util.Locale;
import java.util.Map;

/**
 * Content negotiation for the SCIM root. It is done here rather than with JAX-RS {@code @Consumes} and
 * {@code @Produces}, so that a 406 or 415 carries a SCIM error body like every other failure.
 */
public final class MediaTypes {

    public static final String SCIM_JSON = "application/scim+json";
    public static final String SCIM_JSON_UTF8 = SCIM_JSON + ";charset=UTF-8";

    private MediaTypes() {
    }

    /** RFC 7644 §3.1: clients send application/scim+json, and application/json is accepted too, any charset. */
    public static void requireJsonBody(ScimRequest request) {
        String contentType = request.header("content-type").orElse("");
        if (contentType.isBlank()) {
            // Some clients omit the header on small bodies; the body is still parsed strictly as JSON.
            return;
        }
        String type = essence(contentType);
        if (!type.equals(SCIM_JSON) && !type.equals("application/json")) {
            throw new ScimException(new ScimError(415, null,
                    "Content-Type '" + type + "' is not supported; send application/scim+json or application/json."), Map.of());
        }
    }

    /** Answers 406 unless the Accept header admits SCIM JSON (or plain JSON, which it also is). */
    public static void requireAcceptable(ScimRequest request) {
        String accept = request.header("accept").orElse("");
        if (accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            String type = essence(range);
            if (type.equals(SCIM_JSON) || type.equals("application/json") || type.equals("application/*")
                    || type.equals("*/*") || type.equals("*")) {
                return;
            }
        }
        throw new ScimException(new ScimError(406, null,
                "This server only produces application/scim+json; the Accept header '" + accept + "' does not allow it."), Map.of());
    }

    private static String essence(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        String type = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
