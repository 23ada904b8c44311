package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A second realm on the test server that plays Okta: people with passwords, a confidential OIDC client and SAML
 * clients for the broker of another realm. {@link #addOidcProvider} and {@link #addSamlProvider} create the
 * identity provider in the realm under test that points at it, as an admin sets Okta SSO up before SCIM.
 */
public final class IdentityProviderStandIn implements AutoCloseable {

    public static final String CLIENT_ID = "kc-broker";

    private final AdminApi admin;
    private final String baseUrl;
    private final String realm;
    private final String clientSecret = "secret-" + UUID.randomUUID();

    private IdentityProviderStandIn(AdminApi admin, String realm) {
        this.admin = admin;
        this.baseUrl = admin.baseUrl();
        this.realm = realm;
    }

    /** A new realm with the broker's OIDC client; its redirect URIs take any realm's broker endpoint on this server. */
    public static IdentityProviderStandIn create(AdminApi admin) {
        IdentityProviderStandIn okta = new IdentityProviderStandIn(admin, admin.createRealm("okta"));
        admin.require(admin.call("POST", "/" + okta.realm + "/clients").json(Map.of("clientId", CLIENT_ID, "protocol", "openid-connect",
                "publicClient", false, "secret", okta.clientSecret, "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", List.of(okta.baseUrl + "/realms/*"))).send(), 201);
        return okta;
    }

    public String realm() {
        return realm;
    }

    /** A person at "Okta"; returns their id there, which is the {@code sub} of the tokens it issues. */
    public String addPerson(String email, String password, String firstName, String lastName) {
        admin.require(admin.call("POST", "/" + realm + "/users").json(Map.of("username", email, "email", email, "emailVerified", true,
                "enabled", true, "firstName", firstName, "lastName", lastName,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)))).send(), 201);
        return admin.call("GET", "/" + realm + "/users?exact=true&username=" + AdminApi.enc(email)).send().json().get(0).get("id").asText();
    }

    /** An OIDC identity provider {@code alias} in {@code target} that signs people in here, as Okta's OIDC app would. */
    public void addOidcProvider(String target, String alias, String displayName) {
        String issuer = baseUrl + "/realms/" + realm;
        Map<String, String> config = new HashMap<>();
        config.put("issuer", issuer);
        config.put("authorizationUrl", issuer + "/protocol/openid-connect/auth");
        config.put("tokenUrl", issuer + "/protocol/openid-connect/token");
        config.put("userInfoUrl", issuer + "/protocol/openid-connect/userinfo");
        config.put("jwksUrl", issuer + "/protocol/openid-connect/certs");
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        config.put("clientId", CLIENT_ID);
        config.put("clientSecret", clientSecret);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", "openid email profile");
        config.put("syncMode", "IMPORT");
        createProvider(admin, target, alias, displayName, "oidc", config);
    }

    private static void createProvider(AdminApi admin, String target, String alias, String displayName, String providerId,
                                       Map<String, String> config) {
        admin.require(admin.call("POST", "/" + target + "/identity-provider/instances").json(Map.of("alias", alias, "displayName", displayName,
                "providerId", providerId, "enabled", true, "config", config)).send(), 201);
    }

    /**
     * A SAML identity provider {@code alias} in {@code target} and its SAML client here, whose NameID is the person's
     * email: Okta's SAML app sends the application username, usually the email, as NameID.
     */
    public void addSamlProvider(String target, String alias, String displayName) {
        String entityId = baseUrl + "/realms/" + target + "/sp/" + alias;
        String endpoint = baseUrl + "/realms/" + target + "/broker/" + alias + "/endpoint";
        Map<String, String> attributes = new HashMap<>();
        attributes.put("saml_name_id_format", "email");
        attributes.put("saml_force_name_id_format", "true");
        attributes.put("saml.authnstatement", "true");
        attributes.put("saml.server.signature", "true");
        attributes.put("saml.assertion.signature", "false");
        attributes.put("saml.client.signature", "false");
        attributes.put("saml.encrypt", "false");
        attributes.put("saml_assertion_consumer_url_post", endpoint);
        admin.require(admin.call("POST", "/" + realm + "/clients").json(Map.of("clientId", entityId, "protocol", "saml", "enabled", true,
                "redirectUris", List.of(endpoint), "attributes", attributes, "frontchannelLogout", false)).send(), 201);
        Map<String, String> config = new HashMap<>();
        config.put("entityId", entityId);
        config.put("singleSignOnServiceUrl", baseUrl + "/realms/" + realm + "/protocol/saml");
        config.put("nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
        config.put("principalType", "SUBJECT");
        config.put("postBindingResponse", "true");
        config.put("postBindingAuthnRequest", "true");
        config.put("validateSignature", "false");
        config.put("wantAuthnRequestsSigned", "false");
        config.put("wantAssertionsSigned", "false");
        config.put("wantAssertionsEncrypted", "false");
        config.put("syncMode", "IMPORT");
        createProvider(admin, target, alias, displayName, "saml", config);
    }

    /**
     * Links the identity provider to an organization of {@code target} for one of its domains, and lets Keycloak's
     * login send a person of that domain to it (the organization's identity-first login).
     */
    public void linkToOrganization(String target, String organizationId, String alias, String domain) {
        admin.require(admin.call("POST", "/" + target + "/organizations/" + organizationId + "/identity-providers")
                .body("application/json", "\"" + alias + "\"").send(), 204);
        JsonNode provider = admin.call("GET", "/" + target + "/identity-provider/instances/" + alias).send().json();
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) provider.get("config");
        config.put("kc.org.domain", domain);
        config.put("kc.org.broker.redirect.mode.email-matches", "true");
        admin.require(admin.call("PUT", "/" + target + "/identity-provider/instances/" + alias).json(provider).send(), 204);
    }

    /** An OIDC identity provider that nobody signs in with (its URLs lead nowhere), for tests of the links alone. */
    public static void addUnreachableProvider(AdminApi admin, String target, String alias) {
        Map<String, String> config = new HashMap<>();
        config.put("authorizationUrl", "https://idp.invalid/authorize");
        config.put("tokenUrl", "https://idp.invalid/token");
        config.put("clientId", "kc");
        config.put("clientSecret", "secret");
        config.put("clientAuthMethod", "client_secret_post");
        createProvider(admin, target, alias, alias, "oidc", config);
    }

    @Override
    public void close() {
        admin.deleteRealm(realm);
    }
}
