package dev.kcscim.protocol.patch;

import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.FilterException;
import dev.kcscim.protocol.schema.AttributePathException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PatchOperationTest {

    private static final List<PatchOperation> TWO = List.of(new PatchOperation(PatchOperation.Op.ADD, "title", null),
            new PatchOperation(PatchOperation.Op.REMOVE, "emails[type eq \"work\"]", null));

    @Test
    void aFailureKeepsItsStatusTypeAndHeadersAndNamesTheOperation() {
        for (ScimException thrown : List.of(new ScimException(404, null, "No user with id 'x'."),
                new ScimException(409, ScimType.uniqueness, "Taken."),
                new ScimException(new dev.kcscim.protocol.ScimError(412, null, "Changed."), Map.of("ETag", "W/\"1\"")))) {
            ScimException e = assertThrows(ScimException.class, () -> PatchOperation.forEachNumbered(TWO, op -> {
                if (op.op() == PatchOperation.Op.REMOVE) {
                    throw thrown;
                }
            }));
            assertEquals(thrown.error().status(), e.error().status());
            assertEquals(thrown.error().scimType(), e.error().scimType());
            assertEquals(thrown.headers(), e.headers());
            assertEquals("Operation 2 (remove emails[type eq \"work\"]): " + thrown.error().detail(), e.error().detail());
        }
    }

    @Test
    void aBadPathIsInvalidPath() {
        for (AttributePathException thrown : List.of(new FilterException("bad"), new AttributePathException("unknown"))) {
            ScimException e = assertThrows(ScimException.class, () -> PatchOperation.forEachNumbered(TWO, op -> {
                throw thrown;
            }));
            assertEquals(400, e.error().status());
            assertEquals(ScimType.invalidPath, e.error().scimType());
            assertEquals("Operation 1 (add title): " + thrown.getMessage() + ".", e.error().detail());
        }
    }
}
