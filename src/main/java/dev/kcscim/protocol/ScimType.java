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
    sensitive,
    /** Not in RFC 7644 §3.12's table, but what its §3.7.4 describes: a bulk request over maxOperations or maxPayloadSize (413). */
    tooLarge
}
