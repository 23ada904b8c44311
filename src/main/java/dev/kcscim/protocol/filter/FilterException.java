package dev.kcscim.protocol.filter;

import dev.kcscim.protocol.schema.AttributePathException;

/** A filter or PATCH path that cannot be parsed; reported as 400 {@code invalidFilter}, or {@code invalidPath} in a PATCH. */
public class FilterException extends AttributePathException {
    public FilterException(String message) {
        super(message);
    }
}
