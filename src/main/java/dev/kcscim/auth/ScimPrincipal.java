package dev.kcscim.auth;

/** Who is calling the SCIM API: a named provisioning token of one realm. */
public record ScimPrincipal(String realmId, String tokenId, String tokenName) {
}
