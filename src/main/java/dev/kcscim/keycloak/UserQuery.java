package dev.kcscim.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.CompareOp;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.ResolvedAttribute;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers {@code GET /Users} without loading the realm. Equality on the attributes Keycloak indexes
 * ({@code userName}, {@code emails}, {@code externalId}, {@code id}, {@code active}, given and family name,
 * {@code displayName}), joined with {@code and}, becomes a Keycloak search with database paging and
 * counting. Anything else is evaluated in memory over at most {@code maxScan} candidates, read in
 * batches; past that bound the answer is 400 {@code tooMany}, never a timeout.
 */
public final class UserQuery {

    private static final int BATCH = 500;

    public record Page(long totalResults, List<UserModel> users) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AttributeResolver resolver;
    private final FilterEvaluator evaluator;
    private final Function<UserModel, JsonNode> toJson;
    private final int maxScan;

    /**
     * @param toJson  the SCIM representation used for in-memory filtering
     * @param maxScan how many users a filter without an index may examine
     */
    public UserQuery(KeycloakSession session, RealmModel realm, AttributeResolver resolver, Function<UserModel, JsonNode> toJson, int maxScan) {
        this.maxScan = maxScan;
        this.session = session;
        this.realm = realm;
        this.resolver = resolver;
        this.evaluator = new FilterEvaluator(resolver);
        this.toJson = toJson;
    }

    public Page search(Filter filter, int startIndex, int count) {
        if (filter != null) {
            evaluator.validate(filter);
        }
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        params.put(UserModel.EXACT, "true");
        List<Filter> residual = new ArrayList<>();
        String id = null;
        if (filter != null) {
            for (Filter conjunct : Filter.conjuncts(filter)) {
                if (conjunct instanceof Filter.Compare c && c.op() == CompareOp.EQ && isAttribute(c, "id", null)) {
                    id = c.value().asText();
                    continue;
                }
                if (!index(conjunct, params)) {
                    residual.add(conjunct);
                }
            }
        }
        if (id != null) {
            return byId(id, filter, startIndex, count);
        }
        if (residual.isEmpty()) {
            long total = session.users().getUsersCount(realm, params);
            List<UserModel> users = count == 0 || startIndex > total ? List.of()
                    : session.users().searchForUserStream(realm, params, startIndex - 1, count).toList();
            return new Page(total, users);
        }
        return scan(filter, params, startIndex, count);
    }

    private Page byId(String id, Filter filter, int startIndex, int count) {
        UserModel user = session.users().getUserById(realm, id);
        boolean match = user != null && UserStore.isPerson(user) && evaluator.matches(filter, toJson.apply(user));
        List<UserModel> users = match && startIndex == 1 && count > 0 ? List.of(user) : List.of();
        return new Page(match ? 1 : 0, users);
    }

    private Page scan(Filter filter, Map<String, String> params, int startIndex, int count) {
        int candidates = session.users().getUsersCount(realm, params);
        if (candidates > maxScan) {
            throw ScimException.badRequest(ScimType.tooMany, "This filter would have to examine " + candidates
                    + " users, more than the limit of " + maxScan + ". Narrow it with an 'eq' on userName, emails, externalId, id, "
                    + "active, name.givenName, name.familyName or displayName, joined with 'and'.");
        }
        List<String> matches = new ArrayList<>();
        for (int first = 0; first < candidates; first += BATCH) {
            session.users().searchForUserStream(realm, params, first, BATCH)
                    .filter(u -> evaluator.matches(filter, toJson.apply(u)))
                    .forEach(u -> matches.add(u.getId()));
        }
        int from = Math.min(matches.size(), startIndex - 1);
        int to = Math.min(matches.size(), from + count);
        List<UserModel> page = matches.subList(from, to).stream().map(i -> session.users().getUserById(realm, i)).toList();
        return new Page(matches.size(), page);
    }


    /** Translates one equality into a Keycloak search parameter where that is exact; returns false otherwise. */
    private boolean index(Filter conjunct, Map<String, String> params) {
        if (!(conjunct instanceof Filter.Compare c) || c.op() != CompareOp.EQ || c.value().isNull() || c.value().isContainerNode()) {
            return false;
        }
        String key;
        String value = c.value().asText();
        if (isAttribute(c, "userName", null)) {
            key = UserModel.USERNAME;
        } else if (isAttribute(c, "emails", "value")) {
            // Only the primary email is indexed by Keycloak; other emails are found by the scan.
            key = UserModel.EMAIL;
        } else if (isAttribute(c, "active", null)) {
            Boolean active = FilterEvaluator.asBoolean(c.value());
            if (active == null) {
                return false;
            }
            key = UserModel.ENABLED;
            value = active.toString();
        } else if (isAttribute(c, "name", "givenName")) {
            key = UserModel.FIRST_NAME;
        } else if (isAttribute(c, "name", "familyName")) {
            key = UserModel.LAST_NAME;
        } else if (isAttribute(c, "displayName", null)) {
            key = "displayName";
        } else if (isAttribute(c, "externalId", null)) {
            // externalId is case-exact, while Keycloak compares attributes case-insensitively: the search
            // narrows the candidates, and the conjunct stays to be checked exactly in memory.
            params.putIfAbsent(UserAttributes.EXTERNAL_ID, value);
            return false;
        } else {
            return false;
        }
        // Two different values for one key cannot both hold; leaving the second to memory gives the right empty answer.
        String previous = params.putIfAbsent(key, value);
        return previous == null || previous.equalsIgnoreCase(value);
    }

    private boolean isAttribute(Filter.Compare compare, String name, String sub) {
        ResolvedAttribute resolved = resolver.resolve(compare.attribute());
        if (resolved.extension() || !resolved.attribute().is(name)) {
            return false;
        }
        String actualSub = resolved.sub() == null ? null : resolved.sub().name();
        if (sub == null) {
            return actualSub == null;
        }
        return sub.equals(actualSub) || (actualSub == null && sub.equals("value"));
    }
}
