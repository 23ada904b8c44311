package dev.kcscim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.roles.ProvisionableRoles;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.Paging;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.RoleModel;

import java.util.List;

/**
 * {@code /Roles}: the read-only list of provisionable roles, as Okta's entitlement discovery reads it. The set is
 * an admin's choice of a few roles, so it is filtered and paged in memory; roles are managed in Keycloak.
 */
final class RoleHandler implements ResourceHandler<RoleModel> {

    private static final AttributeResolver RESOLVER = new AttributeResolver(CoreSchemas.ROLE_RESOURCE_TYPE);
    /** Listed by name, in one order; read-only, so never audited. */
    private static final Description DESCRIPTION = new Description("Roles", RESOLVER, CoreSchemas.ROLE, List.of(),
            ResourceType.REALM_ROLE, "roles");

    private final ProvisionableRoles roles;

    RoleHandler(ProvisionableRoles roles) {
        this.roles = roles;
    }


    @Override
    public Description description() {
        return DESCRIPTION;
    }

    @Override
    public boolean writable() {
        return false;
    }



    @Override
    public Page<RoleModel> search(Filter filter, int startIndex, int count, Sort sort, String baseUri) {
        FilterEvaluator evaluator = new FilterEvaluator(RESOLVER);
        List<RoleModel> matching = roles.all().stream()
                .filter(role -> filter == null || evaluator.matches(filter, roles.toJson(role, baseUri))).toList();
        return new Page<>(matching.size(), Paging.slice(matching, startIndex, count));
    }

    @Override
    public RoleModel get(String id) {
        return roles.byName(id).orElseThrow(() -> ScimException.notFound("No provisionable role '" + id + "'."));
    }

    @Override
    public String id(RoleModel role) {
        return role.getName();
    }

    @Override
    public ObjectNode render(RoleModel role, String baseUri, AttributeProjection wanted) {
        return roles.toJson(role, baseUri);
    }


}
