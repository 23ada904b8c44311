package dev.kcscim.protocol.patch;

import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupPatchPlannerTest {

    private static List<GroupChange> plan(String operations) {
        return GroupPatchPlanner.plan(PatchOperation.parseRequest(Json.parse(("{\"schemas\":[\"" + PatchOperation.PATCH_SCHEMA
                + "\"],\"Operations\":" + operations + "}").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void oktaRenameWithoutPathIgnoresTheRepeatedId() {
        assertEquals(List.of(new GroupChange.Rename("New name")), plan("[{\"op\":\"replace\",\"value\":{\"id\":\"g1\",\"displayName\":\"New name\"}}]"));
    }

    @Test
    void oktaMembershipChangesAreIncremental() {
        assertEquals(List.of(new GroupChange.RemoveMembers(Set.of("u1")), new GroupChange.AddMembers(Set.of("u2", "u3"))),
                plan("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\"]\"},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u2\",\"display\":\"Two\"},{\"value\":\"u3\"}]}]"));
    }

    @Test
    void entraShapes() {
        assertEquals(List.of(new GroupChange.RemoveMembers(Set.of("u1", "u2"))),
                plan("[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"},{\"value\":\"u2\"}]}]"));
        assertEquals(List.of(new GroupChange.RemoveMembers(Set.of("u1", "u2"))),
                plan("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\" or value eq \\\"u2\\\"]\"}]"));
        assertEquals(List.of(new GroupChange.Rename("Renamed"), new GroupChange.SetExternalId("e1")),
                plan("[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Renamed\"},{\"op\":\"Add\",\"path\":\"externalId\",\"value\":\"e1\"}]"));
    }

    @Test
    void replaceAndRemoveAllMembers() {
        assertEquals(List.of(new GroupChange.ReplaceMembers(Set.of("u9"))), plan("[{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"u9\"}]}]"));
        assertEquals(List.of(new GroupChange.ReplaceMembers(Set.of())), plan("[{\"op\":\"remove\",\"path\":\"members\"}]"));
    }

    @Test
    void refusalsNameTheOperationAndKeepTheirType() {
        ScimException filter = assertThrows(ScimException.class, () -> plan(
                "[{\"op\":\"add\",\"path\":\"displayName\",\"value\":\"ok\"},{\"op\":\"remove\",\"path\":\"members[value eq \\\"a\\\" and value eq \\\"b\\\"]\"}]"));
        assertEquals(400, filter.error().status());
        assertEquals("invalidPath", filter.error().scimType().name());
        assertTrue(filter.error().detail().startsWith("Operation 2 (remove members[value eq"), filter.error().detail());

        ScimException required = assertThrows(ScimException.class, () -> plan("[{\"op\":\"remove\",\"path\":\"displayName\"}]"));
        assertEquals("mutability", required.error().scimType().name());
        ScimException unknown = assertThrows(ScimException.class, () -> plan("[{\"op\":\"add\",\"path\":\"nosuch\",\"value\":1}]"));
        assertEquals("invalidPath", unknown.error().scimType().name());
        ScimException type = assertThrows(ScimException.class, () -> plan("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"g\",\"type\":\"Group\"}]}]"));
        assertEquals("invalidValue", type.error().scimType().name());
    }
}
