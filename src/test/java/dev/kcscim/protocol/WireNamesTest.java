package dev.kcscim.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireNamesTest {

    enum Colour implements WireNames.Named {
        LIGHT_BLUE("lightBlue"), RED("red"), GREEN("green");

        private final String wire;

        Colour(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    @Test
    void aChoiceIsFoundByItsWireNameInAnyCase() {
        assertEquals(Colour.LIGHT_BLUE, WireNames.parse(Colour.class, "colour", "lightBlue"));
        assertEquals(Colour.LIGHT_BLUE, WireNames.parse(Colour.class, "colour", "LIGHTBLUE"));
        assertEquals(Colour.RED, WireNames.parse(Colour.class, "colour", "Red"));
    }

    @Test
    void anythingElseIsRefusedWithTheChoicesListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireNames.parse(Colour.class, "colour", "LIGHT_BLUE"));
        assertEquals("'colour' must be \"lightBlue\", \"red\" or \"green\", not \"LIGHT_BLUE\".", e.getMessage());
        assertEquals("'colour' must be \"lightBlue\", \"red\" or \"green\".",
                assertThrows(IllegalArgumentException.class, () -> WireNames.parse(Colour.class, "colour", null)).getMessage());
    }
}
