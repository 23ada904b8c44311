package dev.kcscim.protocol.query;

import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sortBy} and {@code sortOrder} (RFC 7644 §3.4.2.3), checked against what a resource can be sorted by.
 * A name may be written in any case, and URN-qualified with the resource's core schema; a multi-valued
 * attribute sorts by its primary value ({@code emails} and {@code emails.value} are the same). Anything else
 * is a 400 that lists the sortable attributes, rather than an order the server cannot keep.
 *
 * @param attribute  one of the resource's sortable attributes, spelled as listed
 * @param descending {@code sortOrder=descending}; ascending is the default
 */
public record Sort(String attribute, boolean descending) {

    public static Optional<Sort> parse(String sortBy, String sortOrder, String coreSchema, List<String> sortable, String resource) {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            String order = sortOrder.trim().toLowerCase(Locale.ROOT);
            if (!order.equals("ascending") && !order.equals("descending")) {
                throw ScimException.badRequest(ScimType.invalidValue, "'sortOrder' must be \"ascending\" or \"descending\", not '" + sortOrder + "'.");
            }
            descending = order.equals("descending");
        }
        if (sortBy == null || sortBy.isBlank()) {
            return Optional.empty();
        }
        String name = sortBy.trim();
        if (name.regionMatches(true, 0, coreSchema + ":", 0, coreSchema.length() + 1)) {
            name = name.substring(coreSchema.length() + 1);
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".value")) {
            name = name.substring(0, name.length() - ".value".length());
        }
        if (sortable.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidValue, resource + " are listed in one order and cannot be sorted.");
        }
        for (String candidate : sortable) {
            if (candidate.equalsIgnoreCase(name)) {
                return Optional.of(new Sort(candidate, descending));
            }
        }
        throw ScimException.badRequest(ScimType.invalidValue, resource + " cannot be sorted by '" + sortBy + "'; they can be sorted by "
                + String.join(", ", sortable) + ".");
    }
}
