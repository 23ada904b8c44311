package dev.kcscim.tenant;

/**
 * Who is calling the SCIM API: a named provisioning token of one tenant.
 *
 * @param organizationId   the organization the token belongs to, or null for a realm token
 * @param organizationName its name, for audit
 */
public record ScimPrincipal(String realmId, String tokenId, String tokenName, String organizationId, String organizationName) {
}
