package dev.kcscim.protocol.query;

import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterParser;
import dev.kcscim.protocol.schema.AttributePathException;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryPlannerTest {

    private static final QueryPlanner USERS = new QueryPlanner(new AttributeResolver(CoreSchemas.USER_RESOURCE_TYPE),
            Set.of("id", "userName", "emails.value", "externalId", "active", "name.givenName", "name.familyName", "displayName"));
    private static final QueryPlanner GROUPS = new QueryPlanner(new AttributeResolver(CoreSchemas.GROUP_RESOURCE_TYPE),
            Set.of("id", "displayName", "externalId", "members.value"));

    private static List<String> keys(QueryPlan plan) {
        return plan.lookups().stream().map(l -> l.key() + "=" + l.value()).toList();
    }

    @Test
    void noFilterIsEverything() {
        assertSame(QueryPlan.EVERYTHING, USERS.plan(null));
    }

    @Test
    void equalitiesJoinedWithAndAreLookupsInAnyOrder() {
        QueryPlan plan = USERS.plan(FilterParser.parse("title pr and userName eq \"a@x\" and name.familyName eq \"Ng\""));
        assertEquals(List.of("userName=a@x", "name.familyName=Ng"), keys(plan));
        assertEquals(1, plan.residual().size());
        assertEquals(Set.of("title"), plan.residualNames());
        assertEquals(keys(plan), keys(USERS.plan(FilterParser.parse("userName eq \"a@x\" and title pr and name.familyName eq \"Ng\""))));
    }

    @Test
    void everySpellingOfAnEmailEqualityIsOneKey() {
        for (String filter : List.of("emails eq \"a@x\"", "emails.value eq \"a@x\"", "emails[value eq \"a@x\"]", "EMAILS.VALUE eq \"a@x\"",
                "urn:ietf:params:scim:schemas:core:2.0:User:emails eq \"a@x\"")) {
            QueryPlan plan = USERS.plan(FilterParser.parse(filter));
            assertEquals(List.of("emails.value=a@x"), keys(plan), filter);
            assertTrue(plan.residual().isEmpty(), filter);
        }
        QueryPlan typed = USERS.plan(FilterParser.parse("emails[type eq \"work\" and value eq \"a@x\"]"));
        assertTrue(typed.lookups().isEmpty(), "a compound value filter is checked in memory");
        assertEquals(Set.of("emails"), typed.residualNames());
    }

    @Test
    void orNotAndOtherOperatorsAreResidual() {
        for (String filter : List.of("userName eq \"a\" or userName eq \"b\"", "not (userName eq \"a\")", "userName sw \"a\"",
                "userName ne \"a\"", "userName eq null", "title eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\"")) {
            QueryPlan plan = USERS.plan(FilterParser.parse(filter));
            assertTrue(plan.lookups().isEmpty(), filter);
            assertEquals(1, plan.residual().size(), filter);
        }
        QueryPlan nested = USERS.plan(FilterParser.parse("(userName eq \"a\" or title pr) and active eq true"));
        assertEquals(List.of("active=true"), keys(nested));
        assertEquals(Set.of("username", "title"), nested.residualNames());
    }

    @Test
    void aSecondEqualityOnOneKeyStaysResidual() {
        QueryPlan plan = USERS.plan(FilterParser.parse("userName eq \"a\" and userName eq \"b\""));
        assertEquals(List.of("userName=a"), keys(plan));
        assertEquals(1, plan.residual().size());
    }

    @Test
    void groupMembersAreALookupWhereverTheyStand() {
        for (String filter : List.of("id eq \"g\" and members.value eq \"u\"", "members.value eq \"u\" and id eq \"g\"",
                "displayName eq \"T\" and members[value eq \"u\"]", "members eq \"u\" and displayName eq \"T\"")) {
            QueryPlan plan = GROUPS.plan(FilterParser.parse(filter));
            assertEquals(2, plan.lookups().size(), filter);
            assertTrue(plan.lookup("members.value").isPresent(), filter);
            assertTrue(plan.residual().isEmpty(), filter);
        }
        QueryPlan display = GROUPS.plan(FilterParser.parse("members.display eq \"x\""));
        assertTrue(display.lookups().isEmpty());
        assertTrue(display.residualReads("members"));
    }

    @Test
    void theResidualNamesTellWhatToRender() {
        QueryPlan plan = USERS.plan(FilterParser.parse("userName eq \"a\" and (groups.value eq \"g\" or meta.created gt \"2020-01-01T00:00:00Z\")"));
        assertTrue(plan.residualReads("groups"));
        assertTrue(plan.residualReads("META"));
        QueryPlan cheap = USERS.plan(FilterParser.parse("title co \"a\""));
        assertTrue(!cheap.residualReads("groups") && !cheap.residualReads("meta"));
    }

    @Test
    void invalidFiltersAreRefusedWhilePlanning() {
        assertThrows(AttributePathException.class, () -> USERS.plan(FilterParser.parse("nosuch eq \"x\"")));
        assertThrows(AttributePathException.class, () -> USERS.plan(FilterParser.parse("active gt true")));
        assertThrows(AttributePathException.class, () -> USERS.plan(FilterParser.parse("emails[type eq \"a\" and nosuch pr]")));
        Filter filter = FilterParser.parse("emails[type eq \"work\"]");
        assertEquals(1, USERS.plan(filter).residual().size());
    }
}
