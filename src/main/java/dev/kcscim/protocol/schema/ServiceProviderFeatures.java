package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.routing.ScimRouter;

/**
 * What {@code /ServiceProviderConfig} advertises (RFC 7643 §5). The HTTP layer builds one from what is
 * really wired, so the document never claims a feature the server lacks.
 */
public record ServiceProviderFeatures(boolean patch, boolean filter, int maxResults, boolean sort, boolean etag,
                                      boolean changePassword, boolean bulk, int maxOperations, int maxPayloadSize,
                                      String documentationUri) {

    public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

    /**
     * The features the router's routes give: PATCH and filtering where the Users routes take them, bulk where
     * {@code /Bulk} is routed. What routes cannot show (sorting, versions, passwords) the caller says.
     */
    public static ServiceProviderFeatures wired(ScimRouter router, boolean sort, boolean etag, boolean changePassword, int maxResults,
                                                int maxOperations, int maxPayloadSize) {
        return new ServiceProviderFeatures(router.handles("PATCH", "Users/{id}"), router.handles("GET", "Users"), maxResults, sort, etag,
                changePassword, router.handles("POST", "Bulk"), maxOperations, maxPayloadSize, null);
    }

    public ObjectNode toJson(String location) {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(SCHEMA);
        if (documentationUri != null) {
            node.put("documentationUri", documentationUri);
        }
        node.putObject("patch").put("supported", patch);
        ObjectNode bulkNode = node.putObject("bulk").put("supported", bulk);
        bulkNode.put("maxOperations", bulk ? maxOperations : 0).put("maxPayloadSize", bulk ? maxPayloadSize : 0);
        node.putObject("filter").put("supported", filter).put("maxResults", maxResults);
        node.putObject("changePassword").put("supported", changePassword);
        node.putObject("sort").put("supported", sort);
        node.putObject("etag").put("supported", etag);
        ObjectNode scheme = node.putArray("authenticationSchemes").addObject();
        scheme.put("type", "oauthbearertoken");
        scheme.put("name", "OAuth Bearer Token");
        scheme.put("description", "A provisioning token (kcscim_...) that a realm administrator created for this realm or organization, "
                + "sent as 'Authorization: Bearer <token>'.");
        scheme.put("specUri", "https://www.rfc-editor.org/rfc/rfc6750");
        scheme.put("primary", true);
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", location);
        return node;
    }
}
