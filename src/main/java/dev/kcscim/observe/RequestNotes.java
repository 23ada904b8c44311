package dev.kcscim.observe;

import org.keycloak.models.KeycloakSession;

import java.util.ArrayList;
import java.util.List;

/**
 * What a successful SCIM request did that its answer does not show, for its activity-log entry: an account
 * created without a link to its identity provider, say. Kept on the request's Keycloak session.
 */
public final class RequestNotes {

    private static final String KEY = RequestNotes.class.getName();

    private RequestNotes() {
    }

    /** Enough for a /Bulk request's distinct notes; the entry's detail is bounded anyway. */
    private static final int MAX_NOTES = 20;

    public static void add(KeycloakSession session, String note) {
        List<String> notes = notes(session);
        if (notes.size() < MAX_NOTES && !notes.contains(note)) {
            notes.add(note);
        }
    }

    /** The request's notes, one sentence each, or null. */
    public static String of(KeycloakSession session) {
        Object notes = session.getAttribute(KEY);
        return notes instanceof List<?> list && !list.isEmpty() ? String.join(" ", list.stream().map(String::valueOf).toList()) : null;
    }

    /** A /Bulk operation runs in a session of its own; what it noted goes with the /Bulk request. */
    public static void copy(KeycloakSession from, KeycloakSession to) {
        Object notes = from.getAttribute(KEY);
        if (notes instanceof List<?> list) {
            list.forEach(note -> add(to, String.valueOf(note)));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(KeycloakSession session) {
        Object notes = session.getAttribute(KEY);
        if (notes instanceof List<?>) {
            return (List<String>) notes;
        }
        List<String> created = new ArrayList<>();
        session.setAttribute(KEY, created);
        return created;
    }
}
