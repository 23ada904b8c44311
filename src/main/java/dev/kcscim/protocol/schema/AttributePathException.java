package dev.kcscim.protocol.schema;

/**
 * An attribute path that cannot be parsed or that names no attribute of the resource type. The HTTP
 * boundary reports it as 400 {@code invalidFilter}; inside a PATCH operation it is 400 {@code invalidPath}.
 */
public class AttributePathException extends RuntimeException {
    public AttributePathException(String message) {
        super(message, null, false, false);
    }
}
