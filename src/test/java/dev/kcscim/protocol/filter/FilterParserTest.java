package dev.kcscim.protocol.filter;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kcscim.protocol.schema.AttrPath;
import dev.kcscim.protocol.schema.AttributePathException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FilterParserTest {

    /** Every example filter of RFC 7644 §3.4.2.2 parses. */
    @ParameterizedTest
    @ValueSource(strings = {
            "userName Eq \"john\"",
            "name.familyName co \"O'Malley\"",
            "userName sw \"J\"",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
            "title pr",
            "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
            "meta.lastModified ge \"2011-05-13T04:42:34Z\"",
            "meta.lastModified lt \"2011-05-13T04:42:34Z\"",
            "meta.lastModified le \"2011-05-13T04:42:34Z\"",
            "title pr and userType eq \"Employee\"",
            "title pr or userType eq \"Intern\"",
            "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
            "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
            "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
            "userType eq \"Employee\" and (emails.type eq \"work\")",
            "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
            "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]"})
    void rfcExamplesParse(String filter) {
        FilterParser.parse(filter);
    }

    @Test
    void comparisonCarriesAttributeOperatorAndValue() {
        Filter.Compare compare = assertInstanceOf(Filter.Compare.class, FilterParser.parse("name.familyName co \"O'Malley\""));
        assertEquals(new AttrPath(null, "name", "familyName"), compare.attribute());
        assertEquals(CompareOp.CO, compare.op());
        assertEquals(TextNode.valueOf("O'Malley"), compare.value());
    }

    @Test
    void urnQualifiedNamesSplitAtTheLastColon() {
        Filter.Compare compare = assertInstanceOf(Filter.Compare.class,
                FilterParser.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"42\""));
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", compare.attribute().schemaUrn());
        assertEquals("manager", compare.attribute().name());
        assertEquals("value", compare.attribute().subAttribute());
    }

    @Test
    void andBindsTighterThanOrAndNotTighterStill() {
        Filter or = FilterParser.parse("a eq 1 or b eq 2 and c eq 3");
        Filter.Or top = assertInstanceOf(Filter.Or.class, or);
        assertInstanceOf(Filter.Compare.class, top.left());
        assertInstanceOf(Filter.And.class, top.right());

        Filter.And grouped = assertInstanceOf(Filter.And.class, FilterParser.parse("(a eq 1 or b eq 2) and c eq 3"));
        assertInstanceOf(Filter.Or.class, grouped.left());

        Filter.And withNot = assertInstanceOf(Filter.And.class, FilterParser.parse("not (a pr) and b pr"));
        assertInstanceOf(Filter.Not.class, withNot.left());
    }

    @Test
    void literalsAreTyped() {
        assertEquals(BooleanNode.TRUE, ((Filter.Compare) FilterParser.parse("active eq TRUE")).value());
        assertEquals(NullNode.instance, ((Filter.Compare) FilterParser.parse("title eq null")).value());
        assertEquals(42L, ((Filter.Compare) FilterParser.parse("n gt 42")).value().longValue());
        assertEquals(1.5, ((Filter.Compare) FilterParser.parse("n gt 1.5")).value().doubleValue());
        assertEquals("a \"quoted\" \\ \u00e9", ((Filter.Compare) FilterParser.parse("t eq \"a \\\"quoted\\\" \\\\ \\u00e9\"")).value().asText());
    }

    @Test
    void valuePathWrapsItsFilter() {
        Filter.ValuePath path = assertInstanceOf(Filter.ValuePath.class, FilterParser.parse("emails[type eq \"work\"]"));
        assertEquals("emails", path.attribute().name());
        assertInstanceOf(Filter.Compare.class, path.inner());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "userName", "userName eq", "userName eq \"x", "userName zz \"x\"", "(userName eq \"x\"",
            "userName eq \"x\")", "userName eq \"x\" and", "not userName eq \"x\"", "emails[type eq \"w\"", "eq \"x\"",
            "1abc eq \"x\"", "user name eq \"x\"", "userName eq x", "title eq \"\\q\""})
    void malformedFiltersAreRefused(String filter) {
        assertThrows(AttributePathException.class, () -> FilterParser.parse(filter));
    }

    @Test
    void lengthAndDepthAreBounded() {
        assertThrows(FilterException.class, () -> FilterParser.parse("a eq \"" + "x".repeat(FilterParser.MAX_LENGTH) + "\""));
        String deep = "(".repeat(FilterParser.MAX_DEPTH + 1) + "a pr" + ")".repeat(FilterParser.MAX_DEPTH + 1);
        FilterException e = assertThrows(FilterException.class, () -> FilterParser.parse(deep));
        assertEquals("The filter nests deeper than " + FilterParser.MAX_DEPTH + " levels", e.getMessage());
        String fine = "(".repeat(FilterParser.MAX_DEPTH - 1) + "a pr" + ")".repeat(FilterParser.MAX_DEPTH - 1);
        FilterParser.parse(fine);
    }

    @Test
    void patchPathsReuseTheGrammar() {
        FilterParser.PatchPathSyntax path = FilterParser.parsePatchPath("emails[type eq \"work\"].value");
        assertEquals("emails", path.attribute().name());
        assertEquals("value", path.subAttribute());
        assertInstanceOf(Filter.Compare.class, path.valueFilter());
        FilterParser.PatchPathSyntax members = FilterParser.parsePatchPath("members[value eq \"2819c223\"]");
        assertEquals(null, members.subAttribute());
        FilterParser.PatchPathSyntax urn = FilterParser.parsePatchPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager");
        assertEquals("manager", urn.attribute().name());
        assertThrows(FilterException.class, () -> FilterParser.parsePatchPath("emails[type eq \"work\"]value"));
        assertThrows(FilterException.class, () -> FilterParser.parsePatchPath("emails[type eq \"work\"].value extra"));
        assertThrows(FilterException.class, () -> FilterParser.parsePatchPath("name.givenName[type eq \"x\"]"));
    }
}
