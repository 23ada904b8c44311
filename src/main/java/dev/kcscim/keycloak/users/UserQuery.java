package dev.kcscim.keycloak.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserAttributes;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.query.Paging;
import dev.kcscim.protocol.query.QueryPlan;
import dev.kcscim.protocol.query.QueryPlanner;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.UserAttributeCatalog;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Answers {@code GET /Users} without loading the realm. The {@link QueryPlanner} finds the equalities
 * Keycloak can search ({@code userName}, {@code emails}, {@code externalId}, {@code id}, {@code active}, given
 * and family name, {@code displayName}); joined with {@code and}, in any order, they become one Keycloak search
 * with database paging and counting. Anything else is checked in memory over at most {@code maxScan}
 * candidates, read in batches, and rendered only as far as the check needs; past that bound the answer is
 * 400 {@code tooMany}, never a timeout.
 */
public final class UserQuery {

    /**
     * The equalities Keycloak can search for besides those of the catalog: every attribute in the tenant's
     * {@link dev.kcscim.protocol.schema.UserAttributeCatalog} (built-in or mapped) is a Keycloak column or user
     * attribute, which Keycloak searches by value too.
     */
    static final Set<String> INDEXED = Set.of("id", "userName", "emails.value", "externalId", "active");

    /**
     * What users can be sorted by. Keycloak pages users by username in the database, so userName, either way,
     * keeps database paging; the others are sorted in memory over the whole result, within the scan bound.
     */
    public static final List<String> SORTABLE = List.of("userName", "name.familyName", "name.givenName", "emails",
            "displayName", "meta.created", "meta.lastModified");

    private static final int BATCH = 500;

    public record Page(long totalResults, List<UserModel> users) {
    }

    private final UserScope users;
    private final TeamScope teams;
    private final QueryPlanner planner;
    private final FilterEvaluator evaluator;
    private final String baseUri;
    private final int maxScan;
    private final UserMapper mapper;

    public UserQuery(UserScope users, TeamScope teams, UserMapper mapper, String baseUri, int maxScan) {
        this.users = users;
        this.teams = teams;
        this.mapper = mapper;
        AttributeResolver resolver = mapper.mapping().resolver();
        Set<String> indexed = new java.util.HashSet<>(INDEXED);
        mapper.mapping().catalog().entries().stream().filter(e -> e.readable()).forEach(e -> indexed.add(e.key()));
        this.planner = new QueryPlanner(resolver, indexed);
        this.evaluator = new FilterEvaluator(resolver);
        this.baseUri = baseUri;
        this.maxScan = maxScan;
    }

    public Page search(Filter filter, int startIndex, int count, Sort sort) {
        QueryPlan plan = planner.plan(filter);
        // An id, an exact externalId or an email, read through indexes, names a handful of users: those are the
        // candidates, and the whole filter is checked on them.
        Optional<QueryPlan.Lookup> id = plan.lookup("id");
        if (id.isPresent()) {
            return matching(users.find(id.get().value()).stream().toList(), filter, plan, startIndex, count, sort);
        }
        Optional<List<UserModel>> byExternalId = plan.lookup("externalId")
                .flatMap(lookup -> users.withAttribute(UserAttributes.EXTERNAL_ID, lookup.value(), maxScan + 1));
        if (byExternalId.isPresent()) {
            if (byExternalId.get().size() > maxScan) {
                throw tooMany("more than " + maxScan, plan.residual(), sort);
            }
            return matching(byExternalId.get(), filter, plan, startIndex, count, sort);
        }
        Optional<List<UserModel>> byEmail = plan.lookup("emails.value").flatMap(lookup -> byEmail(lookup.value()));
        if (byEmail.isPresent()) {
            return matching(byEmail.get(), filter, plan, startIndex, count, sort);
        }
        Map<String, String> params = UserScope.baseParams();
        List<Filter> residual = new ArrayList<>(plan.residual());
        String email = null;
        for (QueryPlan.Lookup lookup : plan.lookups()) {
            String value = lookup.value();
            switch (lookup.key()) {
                case "userName" -> params.put(UserModel.USERNAME, value);
                case "active" -> {
                    // In an organization, active is not only Keycloak's enabled flag (see UserScope#isActive).
                    if (users.activeIsEnabled() && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
                        params.put(UserModel.ENABLED, value.toLowerCase(java.util.Locale.ROOT));
                    } else {
                        residual.add(lookup.source());
                    }
                }
                case "externalId" -> {
                    // Only where the attribute index cannot answer (a value over its length, another storage): Keycloak
                    // compares attributes case-insensitively, so its search narrows and the exact check is in memory.
                    params.put(UserAttributes.EXTERNAL_ID, value);
                    residual.add(lookup.source());
                }
                case "emails.value" -> {
                    // The primary email is Keycloak's email; every email is also in the email index attribute.
                    // The two searches are merged, and the condition is checked on the result.
                    email = value;
                    residual.add(lookup.source());
                }
                default -> {
                    // A catalog attribute: Keycloak compares attribute values without case, and a mapped attribute
                    // may be case-exact or a number, so the search narrows and the condition is checked as SCIM says.
                    var entry = mapper.mapping().catalog().byKey(lookup.key());
                    if (entry.isPresent()) {
                        String storage = entry.get().storage();
                        params.put(storage.equals(UserAttributeCatalog.FIRST_NAME) ? UserModel.FIRST_NAME
                                : storage.equals(UserAttributeCatalog.LAST_NAME) ? UserModel.LAST_NAME : storage, value);
                    }
                    if (entry.isEmpty() || !sameAsKeycloak(entry.get())) {
                        residual.add(lookup.source());
                    }
                }
            }
        }
        boolean byUsername = sort == null || sort.attribute().equals("userName");
        if (email == null && residual.isEmpty() && users.searchesExactly(params) && byUsername) {
            long total = users.candidateCount(params);
            Paging.Reader<UserModel> forward = (first, max) -> users.candidates(params, first, max).toList();
            // Every user in scope can also be read from the end of Keycloak's order, so a page near the end (or
            // the first pages of a descending sort) does not walk every row before it.
            Paging.Reader<UserModel> backward = params.keySet().equals(UserScope.baseParams().keySet())
                    ? (first, max) -> users.fromEnd(first, max).orElseGet(() -> reversed(forward.apply((int) (total - first - max), max)))
                    : null;
            return new Page(total, Paging.page(total, startIndex, count, sort != null && sort.descending(), forward, backward));
        }
        List<Map<String, String>> searches = new ArrayList<>();
        if (email == null) {
            searches.add(params);
        } else {
            searches.add(with(params, UserModel.EMAIL, email));
            searches.add(with(params, UserAttributes.EMAIL_INDEX, email.toLowerCase(java.util.Locale.ROOT)));
        }
        return scan(searches, residual, plan, startIndex, count, sort);
    }

    /** A case-insensitive text attribute compares in Keycloak's search exactly as SCIM compares it. */
    private static boolean sameAsKeycloak(UserAttributeCatalog.Entry entry) {
        var type = entry.definition().type();
        return !entry.definition().caseExact()
                && (type == dev.kcscim.protocol.schema.AttributeDefinition.Type.STRING || type == dev.kcscim.protocol.schema.AttributeDefinition.Type.REFERENCE);
    }

    private static Map<String, String> with(Map<String, String> params, String key, String value) {
        Map<String, String> copy = new HashMap<>(params);
        copy.put(key, value);
        return copy;
    }

    /**
     * The users with this email, read through indexes: the primary is Keycloak's email column, and the others are in
     * the lower-cased email index attribute. Keycloak's own searches compare {@code lower(...)} and read every row of
     * the realm for either. Empty where the indexes cannot answer, and Keycloak's searches are used.
     */
    private Optional<List<UserModel>> byEmail(String address) {
        Optional<List<UserModel>> primary = users.withEmail(address, maxScan + 1);
        Optional<List<UserModel>> others = users.withAttribute(UserAttributes.EMAIL_INDEX, address.toLowerCase(java.util.Locale.ROOT), maxScan + 1);
        if (primary.isEmpty() || others.isEmpty()) {
            return Optional.empty();
        }
        List<UserModel> found = new ArrayList<>(primary.get());
        found.addAll(others.get());
        if (found.size() > maxScan) {
            throw tooMany("more than " + maxScan, List.of(), null);
        }
        return Optional.of(found);
    }

    private static List<UserModel> reversed(List<UserModel> users) {
        List<UserModel> copy = new ArrayList<>(users);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** The page of those candidates that match the whole filter, in the order asked for. */
    private Page matching(List<UserModel> candidates, Filter filter, QueryPlan plan, int startIndex, int count, Sort sort) {
        Map<String, String[]> matches = new LinkedHashMap<>();
        Map<String, UserModel> loaded = new HashMap<>();
        for (UserModel user : candidates) {
            if (!matches.containsKey(user.getId()) && evaluator.matches(filter, mapper.forFilter(user, baseUri, users, teams, plan))) {
                matches.put(user.getId(), new String[]{user.getUsername(), sortKey(user, sort)});
                loaded.put(user.getId(), user);
            }
        }
        return page(matches, startIndex, count, sort, id -> Optional.ofNullable(loaded.get(id)));
    }

    /**
     * Checks the residual conditions on the candidates of each search (in an organization, also a search that
     * Keycloak can only run on the whole realm), keeping only the ids and usernames of the
     * matches; the page is then read by id. A user deleted meanwhile is left out rather than failing the request.
     */
    private Page scan(List<Map<String, String>> searches, List<Filter> residual, QueryPlan plan, int startIndex, int count, Sort sort) {
        // For each match, its username (Keycloak's order) and the value it is sorted by.
        Map<String, String[]> matches = new LinkedHashMap<>();
        Predicate<UserModel> matchesResidual = u -> {
            if (residual.isEmpty()) {
                return true;
            }
            JsonNode json = mapper.forFilter(u, baseUri, users, teams, plan);
            return residual.stream().allMatch(f -> evaluator.matches(f, json));
        };
        for (Map<String, String> params : searches) {
            if (params.size() > UserScope.baseParams().size()) {
                // A search narrowed by an equality (externalId, an email) finds a handful: read it in one query, without
                // counting it first, and refuse it only if it really passes the bound.
                List<UserModel> found = users.candidates(params, 0, maxScan + 1).toList();
                if (found.size() > maxScan) {
                    throw tooMany("more than " + maxScan, residual, sort);
                }
                found.stream().filter(u -> !matches.containsKey(u.getId())).filter(matchesResidual)
                        .forEach(u -> matches.put(u.getId(), new String[]{u.getUsername(), sortKey(u, sort)}));
                continue;
            }
            long candidates = users.candidateCount(params);
            if (candidates > maxScan) {
                throw tooMany(Long.toString(candidates), residual, sort);
            }
            for (int first = 0; first < candidates; first += BATCH) {
                users.candidates(params, first, BATCH)
                        .filter(u -> !matches.containsKey(u.getId()))
                        .filter(matchesResidual)
                        .forEach(u -> matches.put(u.getId(), new String[]{u.getUsername(), sortKey(u, sort)}));
            }
        }
        return page(matches, startIndex, count, sort, users::find);
    }

    /**
     * Orders the matches (id to its username and its sort value) and reads the requested page of them. Users
     * without the sort value come last either way; equal values keep username order, so pages are stable.
     */
    private static Page page(Map<String, String[]> matches, int startIndex, int count, Sort sort, java.util.function.Function<String, Optional<UserModel>> load) {
        List<String> ids = new ArrayList<>(matches.keySet());
        Comparator<String> byUsername = Comparator.comparing(id -> matches.get(id)[0]);
        if (sort == null || sort.attribute().equals("userName")) {
            // Two searches each come in username order; merged, they are put back in it so pages stay stable.
            ids.sort(sort != null && sort.descending() ? byUsername.reversed() : byUsername);
        } else {
            Comparator<String> byValue = Comparator.comparing(id -> matches.get(id)[1],
                    Comparator.nullsLast(sort.descending() ? String.CASE_INSENSITIVE_ORDER.reversed() : String.CASE_INSENSITIVE_ORDER));
            ids.sort(byValue.thenComparing(byUsername));
        }
        List<UserModel> page = Paging.slice(ids, startIndex, count).stream().map(load).flatMap(Optional::stream).toList();
        return new Page(ids.size(), page);
    }

    private ScimException tooMany(String candidates, List<Filter> residual, Sort sort) {
        boolean sorting = residual.isEmpty() && sort != null;
        return ScimException.badRequest(ScimType.tooMany, "This " + (sorting ? "sort by " + sort.attribute() : "filter")
                + " would have to examine " + candidates + " users, more than the limit of " + maxScan
                + ". Narrow it with an 'eq' on userName, emails, externalId, id, active, name.givenName, name.familyName, "
                + "displayName or another simple attribute of the User schema, joined with 'and'" + (sorting ? ", or sort by userName." : "."));
    }

    /** The value a user is sorted by; dates as zero-padded epoch milliseconds, so that they sort as text. */
    private String sortKey(UserModel user, Sort sort) {
        if (sort == null) {
            return null;
        }
        return switch (sort.attribute()) {
            case "name.familyName" -> user.getLastName();
            case "name.givenName" -> user.getFirstName();
            case "emails" -> user.getEmail();
            case "displayName" -> mapper.mapping().catalog().byKey("displayName").map(e -> user.getFirstAttribute(e.storage())).orElse(null);
            case "meta.created" -> millis(user.getCreatedTimestamp());
            case "meta.lastModified" -> {
                String modified = user.getFirstAttribute(UserAttributes.LAST_MODIFIED);
                yield modified == null ? millis(user.getCreatedTimestamp()) : millis(java.time.Instant.parse(modified).toEpochMilli());
            }
            default -> user.getUsername();
        };
    }

    private static String millis(Long epochMillis) {
        return epochMillis == null ? null : String.format("%020d", epochMillis);
    }
}
