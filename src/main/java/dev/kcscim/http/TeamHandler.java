package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.teams.GroupMapper;
import dev.kcscim.keycloak.teams.GroupQuery;
import dev.kcscim.keycloak.teams.GroupStore;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.patch.GroupPatchPlanner;
import dev.kcscim.protocol.patch.PatchOperation;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.resource.ScimGroup;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /Groups}: the tenant's teams. A team can have many thousands of members, so this handler reads them only
 * when asked: its version does not hash them, its admin events leave them out, and a PATCH is applied as the
 * membership changes it names and answered with 204 unless the client asks for the team back.
 */
final class TeamHandler implements ResourceHandler<GroupModel> {

    private static final AttributeResolver RESOLVER = new AttributeResolver(CoreSchemas.GROUP_RESOURCE_TYPE);
    private static final Description DESCRIPTION = new Description("Groups", RESOLVER, CoreSchemas.GROUP, GroupQuery.SORTABLE,
            ResourceType.GROUP, "groups");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TeamScope teams;
    private final GroupStore store;
    private final int maxScan;

    TeamHandler(ScimContext context) {
        this.session = context.session();
        this.realm = context.realm();
        this.teams = context.teams();
        this.store = new GroupStore(session, realm, teams, context.users(), context.principal(), context.settings().roles());
        this.maxScan = context.limits().maxScan();
    }




    @Override
    public Description description() {
        return DESCRIPTION;
    }

    @Override
    public Page<GroupModel> search(Filter filter, int startIndex, int count, Sort sort, String baseUri) {
        GroupQuery.Page page = new GroupQuery(session, realm, teams, RESOLVER, baseUri, maxScan).search(filter, startIndex, count, sort);
        return new Page<>(page.totalResults(), page.groups());
    }

    @Override
    public GroupModel get(String id) {
        return teams.get(id);
    }

    @Override
    public String id(GroupModel group) {
        return group.getId();
    }

    @Override
    public ObjectNode render(GroupModel group, String baseUri, AttributeProjection wanted) {
        return GroupMapper.toJson(session, realm, group, baseUri, wanted.wants("members"));
    }

    @Override
    public Optional<String> knownVersion(GroupModel group) {
        return Optional.of(GroupMapper.version(group));
    }

    @Override
    public ObjectNode recorded(GroupModel group, String baseUri, ObjectNode whole) {
        return GroupMapper.toJson(session, realm, group, baseUri, false);
    }

    /** RFC 7644 §3.5.2 allows a PATCH 204; the team comes back only when the client asks with attributes parameters. */
    @Override
    public AttributeProjection answerAfterWrite(Map<String, String> query, boolean patch) {
        if (!patch) {
            return AttributeProjection.ALL;
        }
        boolean asked = query.containsKey("attributes") || query.containsKey("excludedAttributes");
        return asked ? AttributeProjection.parse(query, RESOLVER) : null;
    }



    @Override
    public GroupModel create(JsonNode body) {
        return store.create(ScimGroup.fromJson(body));
    }

    @Override
    public void replace(GroupModel group, JsonNode body) {
        store.replace(group, ScimGroup.fromJson(body));
    }

    /** Membership changes are applied as such, not as a rewrite of the member list. */
    @Override
    public void patch(GroupModel group, List<PatchOperation> operations) {
        store.apply(group, GroupPatchPlanner.plan(operations));
    }

    @Override
    public void delete(GroupModel group) {
        store.delete(group);
    }
}
