package dev.kcscim.protocol.schema;

/**
 * An attribute reference as written in a filter or PATCH path: {@code [schemaUrn ":"] name ["." subAttribute]}.
 * Names keep the client's spelling; resolution against a schema is case-insensitive.
 */
public record AttrPath(String schemaUrn, String name, String subAttribute) {

    /** Parses one attribute path token, such as {@code urn:...:enterprise:2.0:User:manager.value}. */
    public static AttrPath parse(String text) {
        String urn = null;
        String rest = text;
        if (text.regionMatches(true, 0, "urn:", 0, 4)) {
            int colon = text.lastIndexOf(':');
            urn = text.substring(0, colon);
            rest = text.substring(colon + 1);
        }
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String sub = dot < 0 ? null : rest.substring(dot + 1);
        if (!validName(name) || (sub != null && !validName(sub)) || (urn != null && urn.length() <= 4)) {
            throw new AttributePathException("'" + text + "' is not a valid attribute path");
        }
        return new AttrPath(urn, name, sub);
    }

    /** RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; "$ref" is allowed too. */
    public static boolean validName(String name) {
        if (name.equals("$ref")) {
            return true;
        }
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return (schemaUrn == null ? "" : schemaUrn + ":") + name + (subAttribute == null ? "" : "." + subAttribute);
    }
}
