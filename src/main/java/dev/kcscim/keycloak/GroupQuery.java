package dev.kcscim.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.CompareOp;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.filter.FilterException;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.ResolvedAttribute;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Answers {@code GET /Groups}. {@code id}, {@code displayName}, {@code externalId} and {@code members.value}
 * equalities use Keycloak lookups; other conditions are checked in memory on those candidates, or on the
 * teams in scope up to the scan bound. Filters never read members, except a user's own groups for
 * {@code members.value eq}.
 */
public final class GroupQuery {

    private static final int BATCH = 500;

    public record Page(long totalResults, List<GroupModel> groups) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TeamScope scope;
    private final AttributeResolver resolver;
    private final FilterEvaluator evaluator;
    private final Function<GroupModel, JsonNode> toJsonWithoutMembers;
    private final int maxScan;

    public GroupQuery(KeycloakSession session, RealmModel realm, TeamScope scope, AttributeResolver resolver,
                      Function<GroupModel, JsonNode> toJsonWithoutMembers, int maxScan) {
        this.session = session;
        this.realm = realm;
        this.scope = scope;
        this.resolver = resolver;
        this.evaluator = new FilterEvaluator(resolver);
        this.toJsonWithoutMembers = toJsonWithoutMembers;
        this.maxScan = maxScan;
    }

    public Page search(Filter filter, int startIndex, int count) {
        if (filter == null) {
            long total = scope.count();
            List<GroupModel> groups = count == 0 || startIndex > total ? List.of() : scope.page(startIndex - 1, count).toList();
            return new Page(total, groups);
        }
        evaluator.validate(filter);
        List<Filter> residual = new ArrayList<>();
        Stream<GroupModel> candidates = null;
        for (Filter conjunct : Filter.conjuncts(filter)) {
            Stream<GroupModel> lookup = candidates == null ? lookup(conjunct) : null;
            if (lookup != null) {
                candidates = lookup;
            } else {
                if (mentionsMembers(conjunct)) {
                    throw new FilterException("members can only be filtered as members.value eq \"id\" or members[value eq \"id\"]");
                }
                residual.add(conjunct);
            }
        }
        List<GroupModel> matched = new ArrayList<>();
        if (candidates != null) {
            candidates.filter(scope::contains).filter(g -> {
                JsonNode json = toJsonWithoutMembers.apply(g);
                return residual.stream().allMatch(f -> evaluator.matches(f, json));
            }).forEach(matched::add);
        } else {
            long total = scope.count();
            if (total > maxScan) {
                throw ScimException.badRequest(ScimType.tooMany, "This filter would have to examine " + total + " teams, more than the limit of "
                        + maxScan + ". Filter with 'eq' on displayName, externalId, id or members.value.");
            }
            for (int first = 0; first < total; first += BATCH) {
                scope.page(first, BATCH).filter(g -> evaluator.matches(filter, toJsonWithoutMembers.apply(g))).forEach(matched::add);
            }
        }
        int from = Math.min(matched.size(), startIndex - 1);
        int to = Math.min(matched.size(), from + count);
        return new Page(matched.size(), matched.subList(from, to));
    }

    /** A Keycloak lookup for one equality, or null when there is none. */
    private Stream<GroupModel> lookup(Filter conjunct) {
        if (conjunct instanceof Filter.ValuePath vp && isMembers(vp.attribute()) && vp.inner() instanceof Filter.Compare c
                && c.op() == CompareOp.EQ && c.attribute().name().equalsIgnoreCase("value")) {
            return userTeams(c.value().asText());
        }
        if (!(conjunct instanceof Filter.Compare c) || c.op() != CompareOp.EQ || !c.value().isTextual()) {
            return null;
        }
        ResolvedAttribute attribute = resolver.resolve(c.attribute());
        String value = c.value().asText();
        String name = attribute.attribute().name();
        if (name.equals("id")) {
            return scope.find(value).stream();
        }
        if (name.equals("displayName")) {
            return scope.byName(value).stream();
        }
        if (name.equals("externalId")) {
            return session.groups().searchGroupsByAttributes(realm, Map.of(GroupMapper.EXTERNAL_ID, value), 0, maxScan)
                    .filter(g -> value.equals(g.getFirstAttribute(GroupMapper.EXTERNAL_ID)));
        }
        if (name.equals("members") && (attribute.sub() == null || attribute.sub().name().equals("value"))) {
            return userTeams(value);
        }
        return null;
    }

    private Stream<GroupModel> userTeams(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        return user == null ? Stream.empty() : scope.teamsOf(user);
    }

    private boolean isMembers(dev.kcscim.protocol.filter.AttrPath path) {
        return resolver.resolve(path).attribute().name().equals("members");
    }

    private boolean mentionsMembers(Filter filter) {
        if (filter instanceof Filter.And and) {
            return mentionsMembers(and.left()) || mentionsMembers(and.right());
        }
        if (filter instanceof Filter.Or or) {
            return mentionsMembers(or.left()) || mentionsMembers(or.right());
        }
        if (filter instanceof Filter.Not not) {
            return mentionsMembers(not.inner());
        }
        if (filter instanceof Filter.Compare c) {
            return isMembers(c.attribute());
        }
        if (filter instanceof Filter.Present p) {
            return isMembers(p.attribute());
        }
        return isMembers(((Filter.ValuePath) filter).attribute());
    }
}
