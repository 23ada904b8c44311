package dev.kcscim.protocol.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Address;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.MultiValue;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the bodies Okta and Entra send, and writing the canonical representation. */
class ScimUserTest {

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oktaCreateBody() {
        ScimUser user = ScimUser.fromJson(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"test.user@okta.local",
                 "name":{"givenName":"Test","familyName":"User"},
                 "emails":[{"primary":true,"value":"test.user@okta.local","type":"work"}],
                 "displayName":"Test User","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7","groups":[],
                 "password":"1mz050nq","active":true}"""));
        assertEquals("test.user@okta.local", user.userName());
        assertEquals("Test", user.attribute("name.givenName"));
        assertEquals("User", user.attribute("name.familyName"));
        assertEquals("Test User", user.attribute("displayName"));
        assertEquals("en-US", user.attribute("locale"));
        assertEquals("00ujl29u0le5T6Aj10h7", user.externalId());
        assertEquals("1mz050nq", user.password());
        assertTrue(user.active());
        assertEquals(new MultiValue("test.user@okta.local", "work", true, null), user.primaryEmail());
    }

    @Test
    void entraCreateBodyWithEnterpriseExtension() {
        ScimUser user = ScimUser.fromJson(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@contoso.com","active":"False",
                 "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b@contoso.com"}],
                 "meta":{"resourceType":"User"},
                 "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
                 "roles":[],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"1","department":"Dept",
                   "manager":{"value":"m-1"},"costCenter":"CC","organization":"Org","division":"Div"}}"""));
        assertFalse(user.active(), "string booleans are accepted");
        assertEquals("1", user.attribute("enterprise.employeeNumber"));
        assertEquals("Dept", user.attribute("enterprise.department"));
        assertEquals("CC", user.attribute("enterprise.costCenter"));
        assertEquals("Org", user.attribute("enterprise.organization"));
        assertEquals("Div", user.attribute("enterprise.division"));
        assertEquals("m-1", user.attribute("enterprise.manager"));
    }

    @Test
    void bareManagerStringIsAccepted() {
        ScimUser user = ScimUser.fromJson(json("{\"schemas\":[\"" + CoreSchemas.USER + "\"],\"userName\":\"a\",\""
                + CoreSchemas.ENTERPRISE_USER + "\":{\"manager\":\"m-2\"}}"));
        assertEquals("m-2", user.attribute("enterprise.manager"));
    }

    @Test
    void attributeNamesAreCaseInsensitive() {
        ScimUser user = ScimUser.fromJson(json("{\"SCHEMAS\":[\"" + CoreSchemas.USER + "\"],\"USERNAME\":\"a\",\"Name\":{\"GivenName\":\"G\"},\"Title\":\"T\"}"));
        assertEquals("a", user.userName());
        assertEquals("G", user.attribute("name.givenName"));
        assertEquals("T", user.attribute("title"));
    }

    @Test
    void canonicalOutputDerivesFormattedAndNeverShowsPassword() {
        ScimUser user = new ScimUser("Kay@x.example", "ext", false,
                java.util.Map.of("name.givenName", "Kay", "name.familyName", "Johnson", "name.middleName", "B",
                        "title", "Dr", "enterprise.department", "R", "enterprise.manager", "m"),
                List.of(new MultiValue("kay@x.example", "work", true, null)),
                List.of(new MultiValue("+1", "mobile", null, null)),
                List.of(new Address(java.util.Map.of("locality", "Hampton", "country", "US"), "work", true)), "secret");
        ObjectNode meta = Json.object().put("resourceType", "User");
        ObjectNode out = user.toJson("id-1", null, meta, "https://x/Users/m");
        assertEquals("Kay B Johnson", out.get("name").get("formatted").asText());
        assertFalse(out.toString().contains("secret"));
        assertFalse(out.get("active").asBoolean());
        assertEquals("ext", out.get("externalId").asText());
        assertEquals(2, out.get("schemas").size());
        assertEquals("https://x/Users/m", out.get(CoreSchemas.ENTERPRISE_USER).get("manager").get("$ref").asText());
        assertEquals("mobile", out.get("phoneNumbers").get(0).get("type").asText());
        assertNull(out.get("groups"));
        assertEquals("Hampton", out.get("addresses").get(0).get("locality").asText());
        assertEquals("work", out.get("addresses").get(0).get("type").asText());
    }

    @Test
    void addressesAreReadPartByPart() {
        ScimUser user = ScimUser.fromJson(json("{\"schemas\":[\"" + CoreSchemas.USER + "\"],\"userName\":\"a\",\"addresses\":[{\"type\":\"work\","
                + "\"streetAddress\":\"100 Universal City Plaza\",\"locality\":\"Hollywood\",\"region\":\"CA\",\"postalCode\":\"91608\","
                + "\"country\":\"USA\",\"formatted\":\"100 Universal City Plaza Hollywood, CA 91608 USA\",\"primary\":\"true\"}]}"));
        Address address = user.addresses().get(0);
        assertEquals("Hollywood", address.parts().get("locality"));
        assertEquals("91608", address.parts().get("postalCode"));
        assertEquals(Boolean.TRUE, address.primary());
        assertThrows(ScimException.class, () -> ScimUser.fromJson(json("{\"schemas\":[\"" + CoreSchemas.USER + "\"],\"userName\":\"a\",\"addresses\":[{\"country\":7}]}")));
    }

    @Test
    void wrongShapesAreInvalidValue() {
        for (String body : List.of("{\"schemas\":[\"" + CoreSchemas.USER + "\"]}",
                "{\"schemas\":[\"" + CoreSchemas.USER + "\"],\"userName\":[\"a\"]}",
                "{\"schemas\":[\"" + CoreSchemas.USER + "\"],\"userName\":\"a\",\"active\":\"yes\"}",
                "{\"schemas\":[\"" + CoreSchemas.USER + "\"],\"userName\":\"a\",\"emails\":[\"a@b\"]}",
                "{\"schemas\":[\"" + CoreSchemas.USER + "\"],\"userName\":\"a\",\"name\":{\"givenName\":1}}",
                "{\"schemas\":\"" + CoreSchemas.USER + "\",\"userName\":\"a\"}",
                "{\"userName\":\"a\"}")) {
            ScimException e = assertThrows(ScimException.class, () -> ScimUser.fromJson(json(body)), body);
            assertEquals(400, e.error().status());
        }
    }
}
