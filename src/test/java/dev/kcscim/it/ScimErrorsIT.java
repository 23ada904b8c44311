package dev.kcscim.it;

import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every non-2xx answer of the SCIM root carries a SCIM Error body, including the ones JAX-RS would produce. */
class ScimErrorsIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("errors", java.util.Map.of());

    private static TestServer server;
    private static String realm;
    private static String token;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        realm = fixture.name();
        token = fixture.scim().token();
    }


    private Http.Call call(String method, String path) {
        return Http.request(method, server.scimBase(realm) + path).bearer(token);
    }


    @Test
    void unknownPathsAre404() {
        assertScimError(call("GET", "/Printers").send(), 404);
        assertScimError(call("GET", "").send(), 404);
        assertScimError(call("GET", "/ServiceProviderConfig/extra/segments").send(), 404);
        assertScimError(call("DELETE", "/nothing/here").send(), 404);
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Http.Result result = call("DELETE", "/ServiceProviderConfig").send();
        assertScimError(result, 405);
        assertEquals("GET", result.header("Allow"));
        assertScimError(call("POST", "/Schemas").json("{}").send(), 405);
        assertScimError(call("PATCH", "/ResourceTypes").json("{}").send(), 405);
        assertScimError(call("PUT", "/ServiceProviderConfig").json("{}").send(), 405);
    }

    @Test
    void unsupportedContentTypeIs415() {
        assertScimError(call("POST", "/Schemas").body("text/plain", "hello").send(), 415);
        assertScimError(call("PUT", "/ServiceProviderConfig").body("application/xml", "<user/>").send(), 415);
    }

    @Test
    void jsonAndScimJsonWithAnyCharsetPassContentNegotiation() {
        // No POST route exists on /Schemas, so passing negotiation shows as 405, not 415.
        for (String type : new String[]{"application/scim+json", "application/json", "application/scim+json; charset=utf-8",
                "application/json;charset=ISO-8859-1", "Application/SCIM+JSON"}) {
            assertScimError(call("POST", "/Schemas").body(type, "{}").send(), 405);
        }
    }

    @Test
    void unacceptableAcceptIs406() {
        assertScimError(call("GET", "/ServiceProviderConfig").header("Accept", "application/xml").send(), 406);
        assertScimError(call("GET", "/ServiceProviderConfig").header("Accept", "text/html").send(), 406);
    }

    @Test
    void acceptableAcceptHeadersGetScimJson() {
        for (String accept : new String[]{"application/scim+json", "application/json", "*/*",
                "application/scim+json; charset=utf-8", "text/html, application/json;q=0.9"}) {
            Http.Result result = call("GET", "/ServiceProviderConfig").header("Accept", accept).send();
            assertEquals(200, result.status(), accept + ": " + result);
            assertTrue(result.header("Content-Type").startsWith("application/scim+json"));
        }
    }
}
