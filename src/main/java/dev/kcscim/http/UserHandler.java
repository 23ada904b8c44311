package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.keycloak.users.UserMapper;
import dev.kcscim.keycloak.users.UserQuery;
import dev.kcscim.keycloak.users.UserStore;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.resource.ScimUser;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.UserModel;


/** {@code /Users}: the tenant's Keycloak users, through the user store, query and mapper. */
final class UserHandler implements ResourceHandler<UserModel> {

    private final UserScope users;
    private final TeamScope teams;
    private final UserMapper mapper;
    private final Description description;
    private final UserStore store;
    private final int maxScan;

    UserHandler(ScimContext context) {
        this.users = context.users();
        this.teams = context.teams();
        this.mapper = new UserMapper(context.mapping());
        this.description = new Description("Users", context.mapping().resolver(), CoreSchemas.USER, UserQuery.SORTABLE, ResourceType.USER, "users");
        this.store = new UserStore(context.session(), context.realm(), context.settings(), context.principal(), users, mapper, context.links());
        this.maxScan = context.limits().maxScan();
    }




    @Override
    public Description description() {
        return description;
    }

    @Override
    public Page<UserModel> search(Filter filter, int startIndex, int count, Sort sort, String baseUri) {
        UserQuery.Page page = new UserQuery(users, teams, mapper, baseUri, maxScan).search(filter, startIndex, count, sort);
        return new Page<>(page.totalResults(), page.users());
    }

    @Override
    public UserModel get(String id) {
        return store.get(id);
    }

    @Override
    public String id(UserModel user) {
        return user.getId();
    }

    /** A user is always rendered whole: its version is a hash of the whole representation. */
    @Override
    public ObjectNode render(UserModel user, String baseUri, AttributeProjection wanted) {
        return mapper.toJson(user, baseUri, users, teams);
    }

    @Override
    public ObjectNode renderCreated(UserModel user, String baseUri) {
        return mapper.toJsonCreated(user, baseUri, users, teams);
    }



    @Override
    public UserModel create(JsonNode body) {
        return store.create(ScimUser.fromJson(body, mapper.mapping().catalog()));
    }

    @Override
    public void replace(UserModel user, JsonNode body) {
        store.replace(user, ScimUser.fromJson(body, mapper.mapping().catalog()));
    }

    @Override
    public ObjectNode patchBase(UserModel user) {
        return mapper.toPatchBase(user, users);
    }

    @Override
    public void replacePatched(UserModel user, ObjectNode patched) {
        if (mapper.mapping().roles().enabled() && !patched.has("roles")) {
            // The patch removed every role: absent from a PUT means "leave as is", so say "none" explicitly.
            patched.putArray("roles");
        }
        replace(user, patched);
    }

    @Override
    public void delete(UserModel user) {
        store.delete(user);
    }
}
