package dev.kcscim.keycloak.users;

import dev.kcscim.tenant.LinkSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which identity provider a tenant's person is linked to, and with which SCIM value. */
class LinkTargetsTest {

    private static final List<LinkTargets.Candidate> TWO = List.of(new LinkTargets.Candidate("okta-acme", "acme.example"),
            new LinkTargets.Candidate("okta-labs", "acme-labs.example"));

    @Test
    void anAliasInTheSettingsIsTheChoiceForEveryTenant() {
        assertEquals("okta", LinkTargets.choose("okta", false, List.of(), "a@x.example").alias());
        assertEquals("okta", LinkTargets.choose("okta", true, TWO, "a@acme.example").alias(), "even where a domain would choose another");
    }

    @Test
    void withoutAnAliasTheRealmLinksNoOneAndSaysNothing() {
        LinkTargets.Choice choice = LinkTargets.choose(null, false, TWO, "a@acme.example");
        assertFalse(choice.linked());
        assertNull(choice.reason(), "linking is off, which is no problem to report");
    }

    @Test
    void anOrganizationUsesItsOnlyIdentityProviderOrTheOneOfTheEmailDomain() {
        assertEquals("okta-acme", LinkTargets.choose(null, true, TWO.subList(0, 1), "a@elsewhere.example").alias(), "the only one");
        assertEquals("okta-labs", LinkTargets.choose(null, true, TWO, "dave@ACME-LABS.example").alias(), "by domain, in any case");
        assertEquals("okta-acme", LinkTargets.choose(null, true, TWO, "erin@acme.example").alias());
        assertFalse(LinkTargets.choose(null, true, List.of(), "a@acme.example").linked());
        assertNull(LinkTargets.choose(null, true, List.of(), "a@acme.example").reason(), "no identity provider: linking is off");
    }

    @Test
    void anOrganizationThatCannotChooseSaysWhy() {
        LinkTargets.Choice none = LinkTargets.choose(null, true, TWO, "zoe@other.example");
        assertFalse(none.linked());
        assertEquals("none of the organization's identity providers (okta-acme, okta-labs) has the email domain 'other.example'", none.reason());
        LinkTargets.Choice noEmail = LinkTargets.choose(null, true, TWO, null);
        assertTrue(noEmail.reason().contains("no email"), noEmail.reason());
        List<LinkTargets.Candidate> same = List.of(new LinkTargets.Candidate("a", "acme.example"), new LinkTargets.Candidate("b", "acme.example"));
        assertTrue(LinkTargets.choose(null, true, same, "x@acme.example").reason().contains("several"));
    }

    @Test
    void thePageIsToldWhatLinkingDoes() {
        assertTrue(LinkTargets.describe("okta", false, List.of()).contains("'okta'"));
        assertTrue(LinkTargets.describe(null, false, TWO).startsWith("No linking"));
        assertTrue(LinkTargets.describe(null, true, List.of()).contains("no identity provider is linked"));
        assertTrue(LinkTargets.describe(null, true, TWO.subList(0, 1)).contains("'okta-acme', the only identity provider"));
        assertEquals("Provisioned accounts are linked by their email domain: acme.example to 'okta-acme', acme-labs.example to 'okta-labs'.",
                LinkTargets.describe(null, true, TWO));
    }

    @Test
    void theSubjectIsTheExternalIdOrTheUserName() {
        assertEquals("00u1", LinkSettings.Subject.EXTERNAL_ID.of("a@x.example", "00u1"));
        assertEquals("a@x.example", LinkSettings.Subject.USER_NAME.of("a@x.example", "00u1"));
        assertNull(LinkSettings.Subject.EXTERNAL_ID.of("a@x.example", " "), "a blank externalId is none");
        assertEquals(LinkSettings.Subject.USER_NAME, LinkSettings.Subject.fromWire("USERNAME"));
        assertThrows(IllegalArgumentException.class, () -> LinkSettings.Subject.fromWire("email"));
        assertEquals(LinkSettings.Subject.EXTERNAL_ID, new LinkSettings(" ", null).subject());
        assertNull(new LinkSettings(" ", null).alias(), "a blank alias is no linking");
    }
}
