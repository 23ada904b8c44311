package dev.kcscim.protocol.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.schema.AttributePathException;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterEvaluatorTest {

    private static final JsonNode USER = Json.parse(("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
             "id":"2819c223","externalId":"Bjensen","userName":"bjensen@example.com",
             "name":{"familyName":"O'Malley","givenName":"Barbara"},
             "title":"Tour Guide","active":true,
             "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
             "meta":{"lastModified":"2011-05-13T04:42:34Z"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tour Operations","manager":{"value":"26118915"}}}
            """).getBytes(StandardCharsets.UTF_8));

    private final FilterEvaluator evaluator = new FilterEvaluator(new AttributeResolver(CoreSchemas.USER_RESOURCE_TYPE));

    private boolean matches(String filter) {
        Filter parsed = FilterParser.parse(filter);
        evaluator.validate(parsed);
        return evaluator.matches(parsed, USER);
    }

    @Test
    void stringsFollowCaseExactness() {
        assertTrue(matches("userName eq \"BJENSEN@example.com\""), "userName is not case-exact");
        assertTrue(matches("externalId eq \"Bjensen\""));
        assertFalse(matches("externalId eq \"bjensen\""), "externalId is case-exact");
        assertTrue(matches("name.familyName co \"malley\""));
        assertTrue(matches("title sw \"tour\" and title ew \"GUIDE\""));
    }

    @Test
    void multiValuedAttributesMatchAnyValue() {
        assertTrue(matches("emails co \"jensen.org\""));
        assertTrue(matches("emails.type eq \"home\""));
        assertTrue(matches("emails[type eq \"work\" and value co \"@example.com\"]"));
        assertFalse(matches("emails[type eq \"home\" and value co \"@example.com\"]"), "both conditions on one value");
        assertFalse(matches("emails ne \"babs@jensen.org\""));
    }

    @Test
    void booleansDatesPresenceAndLogic() {
        assertTrue(matches("active eq true"));
        assertTrue(matches("active eq \"TRUE\""));
        assertFalse(matches("active eq false"));
        assertTrue(matches("meta.lastModified gt \"2011-05-13T00:00:00Z\""));
        assertTrue(matches("meta.lastModified le \"2011-05-13T06:42:34+02:00\""), "instants compare across offsets");
        assertTrue(matches("title pr"));
        assertFalse(matches("nickName pr"));
        assertTrue(matches("nickName eq null"));
        assertTrue(matches("not (nickName pr) and (title pr or nickName pr)"));
        assertTrue(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"tour operations\""));
        assertTrue(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915\""));
    }

    @Test
    void unknownAttributesAndNonsenseOperatorsAreRefused() {
        assertThrows(AttributePathException.class, () -> matches("favouriteColour eq \"blue\""));
        assertThrows(AttributePathException.class, () -> matches("name.nickname eq \"x\""));
        assertThrows(AttributePathException.class, () -> matches("active gt true"));
        assertThrows(AttributePathException.class, () -> matches("emails[nosuch eq \"x\"]"));
        assertThrows(AttributePathException.class, () -> matches("name eq \"x\""));
    }
}
