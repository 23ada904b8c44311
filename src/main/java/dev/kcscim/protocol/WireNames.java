package dev.kcscim.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Choices that settings and SCIM bodies spell by a name of their own ({@code "toKeycloak"}, {@code "userName"}),
 * matched without regard to case, and refused with a message that lists them.
 */
public final class WireNames {

    /** A constant with its spelling on the wire. */
    public interface Named {
        String wire();
    }

    private WireNames() {
    }

    /**
     * The constant of {@code type} spelled {@code value}.
     *
     * @param field names the value in the message, such as {@code 'direction'}
     * @throws IllegalArgumentException naming the choices, for any other value (null included)
     */
    public static <E extends Enum<E> & Named> E parse(Class<E> type, String field, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        String[] names = Arrays.stream(type.getEnumConstants()).map(c -> "\"" + c.wire() + "\"").toArray(String[]::new);
        String choices = names.length == 1 ? names[0]
                : Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or " + names[names.length - 1];
        throw new IllegalArgumentException("'" + field + "' must be " + choices + (value == null ? "." : ", not \"" + value + "\"."));
    }
}
