package dev.kcscim.keycloak.teams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.filter.FilterException;
import dev.kcscim.protocol.query.Paging;
import dev.kcscim.protocol.query.QueryPlan;
import dev.kcscim.protocol.query.QueryPlanner;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.schema.AttributeResolver;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Answers {@code GET /Groups}. Of the equalities on {@code id}, {@code displayName}, {@code externalId} and
 * {@code members.value}, in whatever order the filter gives them, the most selective drives a Keycloak lookup
 * and the others are checked on its candidates; other conditions are checked in memory on those candidates, or
 * on the teams in scope up to the scan bound. Filters never read members: {@code members.value eq} is
 * answered from the user's own (short) group list.
 */
public final class GroupQuery {

    /** The equalities Keycloak can look up, most selective first. */
    public static final List<String> INDEXED = List.of("id", "displayName", "externalId", "members.value");

    /** Teams sort by name: Keycloak pages groups by name in the database, and filtered results are sorted in memory. */
    public static final List<String> SORTABLE = List.of("displayName");

    private static final int BATCH = 500;

    public record Page(long totalResults, List<GroupModel> groups) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TeamScope scope;
    private final QueryPlanner planner;
    private final FilterEvaluator evaluator;
    private final String baseUri;
    private final int maxScan;

    public GroupQuery(KeycloakSession session, RealmModel realm, TeamScope scope, AttributeResolver resolver, String baseUri, int maxScan) {
        this.session = session;
        this.realm = realm;
        this.scope = scope;
        this.planner = new QueryPlanner(resolver, Set.copyOf(INDEXED));
        this.evaluator = new FilterEvaluator(resolver);
        this.baseUri = baseUri;
        this.maxScan = maxScan;
    }

    public Page search(Filter filter, int startIndex, int count, Sort sort) {
        boolean descending = sort != null && sort.descending();
        if (filter == null) {
            long total = scope.count();
            if (count == 0 || startIndex > total) {
                return new Page(total, List.of());
            }
            // Teams are few; descending reads the same order from the other end, by offset.
            return new Page(total, Paging.page(total, startIndex, count, descending, (first, max) -> scope.page(first, max).toList(), null));
        }
        QueryPlan plan = planner.plan(filter);
        List<QueryPlan.Lookup> checks = new ArrayList<>(plan.lookups());
        List<Filter> residual = new ArrayList<>();
        for (Filter conjunct : plan.residual()) {
            // A second members.value equality is a membership check like the first; any other use of members
            // would need every member of every candidate, which this query never reads.
            Optional<QueryPlan.Lookup> member = planner.equality(conjunct).filter(l -> l.key().equals("members.value"));
            if (member.isPresent()) {
                checks.add(member.get());
            } else if (Filter.attributes(conjunct).stream().anyMatch(p -> p.name().equalsIgnoreCase("members"))) {
                throw new FilterException("members can only be filtered as members.value eq \"id\" or members[value eq \"id\"]");
            } else {
                residual.add(conjunct);
            }
        }
        Optional<QueryPlan.Lookup> driver = checks.stream().min(Comparator.comparingInt(l -> INDEXED.indexOf(l.key())));
        Predicate<GroupModel> matchesResidual = g -> {
            if (residual.isEmpty()) {
                return true;
            }
            JsonNode json = GroupMapper.toJson(session, realm, g, baseUri, false, plan.residualReads("meta"));
            return residual.stream().allMatch(f -> evaluator.matches(f, json));
        };
        List<GroupModel> matched = new ArrayList<>();
        if (driver.isPresent()) {
            checks.remove(driver.get());
            Predicate<GroupModel> matchesChecks = checks.stream().map(this::check).reduce(g -> true, Predicate::and);
            lookup(driver.get()).filter(scope::contains).filter(matchesChecks).filter(matchesResidual).forEach(matched::add);
        } else {
            long total = scope.count();
            if (total > maxScan) {
                throw ScimException.badRequest(ScimType.tooMany, "This filter would have to examine " + total + " teams, more than the limit of "
                        + maxScan + ". Filter with 'eq' on displayName, externalId, id or members.value.");
            }
            for (int first = 0; first < total; first += BATCH) {
                scope.page(first, BATCH).filter(matchesResidual).forEach(matched::add);
            }
        }
        if (sort != null) {
            Comparator<GroupModel> byName = Comparator.comparing(GroupModel::getName, String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(GroupModel::getName);
            matched.sort(descending ? byName.reversed() : byName);
        }
        return new Page(matched.size(), Paging.slice(matched, startIndex, count));
    }

    /** The Keycloak lookup that yields the candidates for one equality. */
    private Stream<GroupModel> lookup(QueryPlan.Lookup lookup) {
        String value = lookup.value();
        return switch (lookup.key()) {
            case "id" -> scope.find(value).stream();
            case "displayName" -> scope.byName(value).stream();
            case "externalId" -> scope.byAttribute(GroupMapper.EXTERNAL_ID, value, maxScan)
                    .filter(g -> value.equals(g.getFirstAttribute(GroupMapper.EXTERNAL_ID)));
            default -> {
                UserModel user = session.users().getUserById(realm, value);
                yield user == null ? Stream.empty() : scope.teamsOf(user);
            }
        };
    }

    /** The same equality, checked on a candidate found by another lookup. */
    private Predicate<GroupModel> check(QueryPlan.Lookup lookup) {
        String value = lookup.value();
        return switch (lookup.key()) {
            case "id" -> g -> g.getId().equals(value);
            case "displayName" -> g -> g.getName().equalsIgnoreCase(value);
            case "externalId" -> g -> value.equals(g.getFirstAttribute(GroupMapper.EXTERNAL_ID));
            default -> {
                // The user's own group ids, read once for all candidates.
                UserModel user = session.users().getUserById(realm, value);
                Set<String> groupIds = user == null ? Set.of() : scope.teamsOf(user).map(GroupModel::getId).collect(Collectors.toSet());
                yield g -> groupIds.contains(g.getId());
            }
        };
    }
}
