package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags (RFC 7644 §3.14). The tag is a hash of the representation itself, so it changes whenever
 * anything visible changes, including edits made in the admin console, with no version column to keep.
 */
public final class ETags {

    private ETags() {
    }

    /** Computes the weak tag of a representation and stores it in {@code meta.version}. */
    public static String stamp(ObjectNode resource) {
        ObjectNode meta = (ObjectNode) resource.get("meta");
        meta.remove("version");
        String tag = "W/\"" + hash(Json.write(resource)) + "\"";
        meta.put("version", tag);
        return tag;
    }

    /** {@code If-Match}/{@code If-None-Match}: {@code *} or a comma-separated list, compared weakly. */
    public static boolean matches(String header, String tag) {
        if (header == null) {
            return false;
        }
        String opaque = opaque(tag);
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || opaque(c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** Answers 412 unless an {@code If-Match} header, when sent, matches the current tag. */
    public static void checkIfMatch(String header, String current) {
        if (header != null && !matches(header, current)) {
            throw new ScimException(412, null, "The resource has changed (its version is " + current + "); read it again and retry.");
        }
    }

    private static String opaque(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        return t.replace("\"", "");
    }

    private static String hash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
