package dev.kcscim.protocol.patch;

import java.util.Set;

/**
 * One effect of a Group PATCH. Membership changes are expressed as ids to add or remove, so that applying
 * them never needs the full member list (except {@link ReplaceMembers}, which by definition does).
 */
public sealed interface GroupChange {

    record Rename(String displayName) implements GroupChange {
    }

    /** {@code externalId}, or null to remove it. */
    record SetExternalId(String externalId) implements GroupChange {
    }

    record AddMembers(Set<String> ids) implements GroupChange {
    }

    record RemoveMembers(Set<String> ids) implements GroupChange {
    }

    /** Replace the whole membership; an empty set removes everyone. */
    record ReplaceMembers(Set<String> ids) implements GroupChange {
    }
}
