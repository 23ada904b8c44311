package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A SCIM error (RFC 7644 §3.12). Every non-2xx answer of the SCIM root carries one of these as its body.
 *
 * @param status   the HTTP status
 * @param scimType the RFC keyword, or null where §3.12 defines none for the situation
 * @param detail   a sentence a person can act on; never a stack trace or a secret
 */
public record ScimError(int status, ScimType scimType, String detail) {

    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(SCHEMA);
        // RFC 7644 §3.12 gives the status as a JSON string.
        node.put("status", Integer.toString(status));
        if (scimType != null) {
            node.put("scimType", scimType.name());
        }
        if (detail != null) {
            node.put("detail", detail);
        }
        return node;
    }
}
