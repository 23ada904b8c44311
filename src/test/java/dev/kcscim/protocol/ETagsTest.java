package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ETagsTest {

    private static ObjectNode resource(String title) {
        ObjectNode node = Json.object();
        node.put("id", "1");
        node.put("title", title);
        node.putObject("meta").put("resourceType", "User");
        return node;
    }

    @Test
    void theTagFollowsTheRepresentationAndIgnoresItsOwnPreviousValue() {
        ObjectNode a = resource("A");
        String tag = ETags.stamp(a);
        assertTrue(tag.matches("W/\"[0-9a-f]{24}\""), tag);
        assertEquals(tag, a.get("meta").get("version").asText());
        assertEquals(tag, ETags.stamp(a), "stamping again gives the same tag");
        assertEquals(tag, ETags.stamp(resource("A")));
        assertNotEquals(tag, ETags.stamp(resource("B")));
    }

    @Test
    void matchingIsWeakAndAcceptsListsAndStar() {
        String tag = ETags.stamp(resource("A"));
        String opaque = tag.substring(2);
        assertTrue(ETags.matches(tag, tag));
        assertTrue(ETags.matches(opaque, tag), "a strong spelling of the same tag matches weakly");
        assertTrue(ETags.matches("W/\"other\", " + tag, tag));
        assertTrue(ETags.matches("*", tag));
        assertFalse(ETags.matches("W/\"other\"", tag));
        assertFalse(ETags.matches(null, tag));
    }

    @Test
    void ifMatchIsA412WithTheCurrentVersion() {
        String tag = ETags.stamp(resource("A"));
        ETags.checkIfMatch(null, tag);
        ETags.checkIfMatch(tag, tag);
        ScimException e = assertThrows(ScimException.class, () -> ETags.checkIfMatch("W/\"stale\"", tag));
        assertEquals(412, e.error().status());
        assertTrue(e.error().detail().contains(tag));
    }
}
