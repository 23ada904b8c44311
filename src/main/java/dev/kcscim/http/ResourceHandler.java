package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.patch.PatchEngine;
import dev.kcscim.protocol.patch.PatchOperation;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.schema.AttributeResolver;
import org.keycloak.events.admin.ResourceType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource type as {@link ResourceEndpoint} serves it: how its resources are found, rendered and written.
 * The endpoint owns what every type shares (routes, paging, projection, versions and preconditions, the PATCH
 * engine, the audit); a handler holds only what is particular to its type. A handler whose type is read-only
 * ({@link #writable()} false) is served GET only.
 *
 * @param <R> the stored resource, such as Keycloak's {@code UserModel}
 */
public interface ResourceHandler<R> {

    /** One page of a search and the number of matches in all. */
    record Page<R>(long totalResults, List<R> resources) {
    }

    /**
     * What a resource type is, as the endpoint and its audit need to know it.
     *
     * @param name       the endpoint's path segment, also the word its messages use: {@code Users}
     * @param coreSchema the type's core schema, with which a {@code sortBy} may be qualified
     * @param sortable   what {@code sortBy} may name; empty where the type is listed in one order only
     * @param auditType  Keycloak's resource type for the admin events of changes
     * @param auditPath  the first segment of those events' paths: {@code users}
     */
    record Description(String name, AttributeResolver resolver, String coreSchema, List<String> sortable,
                       ResourceType auditType, String auditPath) {
    }

    Description description();

    Page<R> search(Filter filter, int startIndex, int count, Sort sort, String baseUri);

    /** The resource, or a 404 {@code ScimException}. */
    R get(String id);

    String id(R resource);

    /**
     * The representation with {@code meta}. A handler may leave out what {@code wanted} does not ask for where
     * that is costly (a large team's members); the endpoint applies {@code wanted} itself afterwards.
     */
    ObjectNode render(R resource, String baseUri, AttributeProjection wanted);

    /** The version, where it is known without rendering the resource; else the endpoint reads it from a rendering. */
    default Optional<String> knownVersion(R resource) {
        return Optional.empty();
    }

    /**
     * What the admin event of a change carries: by default the whole representation, which the caller passes in
     * when it has just rendered it ({@code whole}, else null). A team leaves its members out.
     */
    default ObjectNode recorded(R resource, String baseUri, ObjectNode whole) {
        return whole != null ? whole : render(resource, baseUri, AttributeProjection.ALL);
    }

    /** The answer to a create, which is also what its admin event carries. */
    default ObjectNode renderCreated(R resource, String baseUri) {
        return render(resource, baseUri, AttributeProjection.ALL);
    }

    /**
     * What a PUT or PATCH answers with: the resource whole, as projected, or nothing (null, a 204), for a type
     * whose resources are too large to send back after every change.
     */
    default AttributeProjection answerAfterWrite(Map<String, String> query, boolean patch) {
        return AttributeProjection.ALL;
    }

    default boolean writable() {
        return true;
    }

    default R create(JsonNode body) {
        throw new UnsupportedOperationException(description().name() + " are read-only");
    }

    default void replace(R resource, JsonNode body) {
        throw new UnsupportedOperationException(description().name() + " are read-only");
    }

    /** What a PATCH's operations apply to, in the shape a PUT takes. */
    default ObjectNode patchBase(R resource) {
        throw new UnsupportedOperationException(description().name() + " are read-only");
    }

    /** By default the PATCH engine applies the operations to {@link #patchBase} and the result replaces the resource. */
    default void patch(R resource, List<PatchOperation> operations) {
        replacePatched(resource, new PatchEngine(description().resolver()).apply(patchBase(resource), operations));
    }

    /** Writes what the PATCH engine made of {@link #patchBase}; by default as a PUT of it would. */
    default void replacePatched(R resource, ObjectNode patched) {
        replace(resource, patched);
    }

    default void delete(R resource) {
        throw new UnsupportedOperationException(description().name() + " are read-only");
    }
}
