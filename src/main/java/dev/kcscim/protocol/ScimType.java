package dev.kcscim.protocol;

/** The {@code scimType} error keywords of RFC 7644 §3.12. */
public enum ScimType {
    invalidFilter,
    tooMany,
    uniqueness,
    mutability,
    invalidSyntax,
    invalidPath,
    noTarget,
    invalidValue,
    invalidVers,
    sensitive
}
