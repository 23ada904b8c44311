package dev.kcscim.protocol.filter;

/** A filter or path that cannot be parsed; the HTTP layer reports it as 400 {@code invalidFilter} or {@code invalidPath}. */
public class FilterException extends RuntimeException {
    public FilterException(String message) {
        super(message, null, false, false);
    }
}
