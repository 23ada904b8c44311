package dev.kcscim.protocol.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.CompareOp;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterException;
import dev.kcscim.protocol.filter.FilterParser;
import dev.kcscim.protocol.resource.ScimGroup;
import dev.kcscim.protocol.schema.CoreSchemas;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the PATCH operations of a Group into {@link GroupChange}s, without touching storage, so that a
 * request is fully understood (and refused as a whole if any part is wrong) before anything is written.
 * It covers what Okta's Group Push and Entra send: renames with or without a path (Okta sends
 * {@code {"op":"replace","value":{"id":…,"displayName":…}}}), {@code add} and {@code replace} of
 * {@code members}, and {@code remove} by {@code members[value eq "…"]} or by {@code members} with a value
 * array.
 */
public final class GroupPatchPlanner {

    private GroupPatchPlanner() {
    }

    public static List<GroupChange> plan(List<PatchOperation> operations) {
        List<GroupChange> changes = new ArrayList<>();
        PatchOperation.forEachNumbered(operations, operation -> planOne(operation, changes));
        return changes;
    }

    private static void planOne(PatchOperation operation, List<GroupChange> changes) {
        if (operation.path() == null) {
            if (!operation.value().isObject()) {
                throw ScimException.badRequest(ScimType.invalidValue, "without a path, the value must be a JSON object of attributes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = operation.value().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String key = stripUrn(entry.getKey());
                planAttribute(operation.op(), key, null, entry.getValue(), changes, true);
            }
            return;
        }
        FilterParser.PatchPathSyntax path = FilterParser.parsePatchPath(operation.path());
        if (path.attribute().schemaUrn() != null && !path.attribute().schemaUrn().equalsIgnoreCase(CoreSchemas.GROUP)) {
            throw ScimException.badRequest(ScimType.invalidPath, "unknown schema '" + path.attribute().schemaUrn() + "'");
        }
        String name = path.attribute().name();
        if (path.valueFilter() != null || path.attribute().subAttribute() != null) {
            if (!name.equalsIgnoreCase("members")) {
                throw ScimException.badRequest(ScimType.invalidPath, "only 'members' takes a filter or sub-attribute here");
            }
            if (operation.op() != PatchOperation.Op.REMOVE || path.subAttribute() != null
                    || (path.attribute().subAttribute() != null)) {
                throw ScimException.badRequest(ScimType.invalidPath, "members can be filtered only to remove them, as members[value eq \"id\"]");
            }
            changes.add(new GroupChange.RemoveMembers(idsFromFilter(path.valueFilter())));
            return;
        }
        planAttribute(operation.op(), name, operation.path(), operation.value(), changes, false);
    }

    private static void planAttribute(PatchOperation.Op op, String name, String path, JsonNode value, List<GroupChange> changes, boolean pathless) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "displayname" -> {
                if (op == PatchOperation.Op.REMOVE) {
                    throw ScimException.badRequest(ScimType.mutability, "'displayName' is required and cannot be removed");
                }
                if (value == null || !value.isTextual() || value.asText().isBlank()) {
                    throw ScimException.badRequest(ScimType.invalidValue, "'displayName' must be a non-empty string");
                }
                changes.add(new GroupChange.Rename(value.asText().trim()));
            }
            case "externalid" -> {
                if (op == PatchOperation.Op.REMOVE || value == null || value.isNull()) {
                    changes.add(new GroupChange.SetExternalId(null));
                } else if (!value.isTextual()) {
                    throw ScimException.badRequest(ScimType.invalidValue, "'externalId' must be a string");
                } else {
                    changes.add(new GroupChange.SetExternalId(value.asText()));
                }
            }
            case "members" -> {
                if (op == PatchOperation.Op.REMOVE) {
                    // Entra removes with path "members" and the members to remove as the value.
                    changes.add(value == null || value.isNull() ? new GroupChange.ReplaceMembers(Set.of())
                            : new GroupChange.RemoveMembers(ScimGroup.memberIds(value)));
                } else if (op == PatchOperation.Op.ADD) {
                    changes.add(new GroupChange.AddMembers(ScimGroup.memberIds(value)));
                } else {
                    changes.add(new GroupChange.ReplaceMembers(ScimGroup.memberIds(value)));
                }
            }
            case "id", "meta", "schemas" -> {
                // read-only; Okta's rename repeats the id, which is simply ignored
            }
            default -> {
                if (!pathless) {
                    throw ScimException.badRequest(ScimType.invalidPath, "unknown attribute '" + path + "'");
                }
            }
        }
    }

    private static String stripUrn(String key) {
        String prefix = CoreSchemas.GROUP + ":";
        return key.regionMatches(true, 0, prefix, 0, prefix.length()) ? key.substring(prefix.length()) : key;
    }

    /** {@code value eq "a"}, optionally {@code or}-ed: the ids named. Any other shape is refused. */
    private static Set<String> idsFromFilter(Filter filter) {
        return filter.fold(new Filter.Fold<Set<String>>() {
            @Override
            public Set<String> or(Set<String> left, Set<String> right) {
                Set<String> ids = new LinkedHashSet<>(left);
                ids.addAll(right);
                return ids;
            }

            @Override
            public Set<String> compare(Filter.Compare c) {
                if (c.op() == CompareOp.EQ && c.attribute().schemaUrn() == null && c.attribute().name().equalsIgnoreCase("value")
                        && c.attribute().subAttribute() == null && c.value().isTextual()) {
                    return Set.of(c.value().asText());
                }
                throw unsupported();
            }

            @Override
            public Set<String> and(Set<String> left, Set<String> right) {
                throw unsupported();
            }

            @Override
            public Set<String> not(Set<String> inner) {
                throw unsupported();
            }

            @Override
            public Set<String> present(Filter.Present present) {
                throw unsupported();
            }

            @Override
            public Set<String> valuePath(Filter.ValuePath valuePath) {
                throw unsupported();
            }
        });
    }

    private static FilterException unsupported() {
        return new FilterException("a members filter names ids as value eq \"id\" (joined with or)");
    }
}
