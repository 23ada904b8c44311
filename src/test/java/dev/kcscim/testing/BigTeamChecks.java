package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a team of thousands must allow, whoever's team it is (a realm's or an organization's): listing it
 * whole or without members, and PATCHes that touch only the memberships they name, which the admin events
 * show (one membership event per change, not one per member of the team).
 *
 * @param members  how many members the team has
 * @param outsider a user in scope who is not a member yet
 * @param leaving  a member to remove
 */
public record BigTeamChecks(AdminApi admin, String realm, ScimClient scim, String teamId, int members, String outsider, String leaving) {

    private int memberCount() {
        JsonNode team = scim.get("/Groups/" + teamId + "?attributes=members").json();
        Set<String> ids = new HashSet<>();
        team.get("members").forEach(m -> ids.add(m.get("value").asText()));
        assertEquals(team.get("members").size(), ids.size(), "no member listed twice");
        return ids.size();
    }

    private int membershipEvents() {
        return admin.call("GET", "/" + realm + "/admin-events?resourceTypes=GROUP_MEMBERSHIP&max=100000").send().json().size();
    }

    public void theWholeTeamCanBeListedOrLeftOut() {
        assertEquals(members, memberCount());
        Http.Result list = scim.get("/Groups?excludedAttributes=members");
        assertEquals(200, list.status());
        assertFalse(list.json().get("Resources").get(0).has("members"));
        assertTrue(list.body().length() < 2000, "no member data when members are excluded");
    }

    public void patchTouchesOnlyTheNamedMembers() {
        int eventsBefore = membershipEvents();
        Http.Result patched = scim.patch("/Groups/" + teamId, patchOps(
                "add", "members", List.of(Map.of("value", outsider)),
                "remove", "members[value eq \"" + leaving + "\"]", null));
        assertEquals(204, patched.status(), patched::toString);
        assertEquals(members, memberCount());
        JsonNode team = scim.get("/Groups/" + teamId).json();
        assertTrue(team.toString().contains(outsider));
        assertFalse(team.toString().contains(leaving));
        assertEquals(eventsBefore + 2, membershipEvents(), "exactly one membership event per changed member");

        // A replace that differs by one member also changes exactly one membership.
        List<Map<String, String>> everyoneButOutsider = new ArrayList<>();
        team.get("members").forEach(m -> {
            if (!m.get("value").asText().equals(outsider)) {
                everyoneButOutsider.add(Map.of("value", m.get("value").asText()));
            }
        });
        // Replacing the membership of thousands is a large request by nature: it names every member.
        Http.Result replaced = scim.call("PATCH", "/Groups/" + teamId).json(patchOps("replace", "members", everyoneButOutsider))
                .timeout(Duration.ofMinutes(5)).send();
        assertEquals(204, replaced.status(), replaced::toString);
        assertEquals(members - 1, memberCount());
        assertEquals(eventsBefore + 3, membershipEvents());
    }
}
