package dev.kcscim.keycloak.users;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chooses the identity provider a tenant's person is linked to. Pure: the Keycloak side ({@link IdentityLinks})
 * gives it the tenant's identity providers, so the rules are unit-tested without a server.
 *
 * <ul>
 *   <li>An alias in the settings is the choice, for the realm and for an organization.</li>
 *   <li>Without one, the realm links no one.</li>
 *   <li>Without one, an organization uses the one identity provider linked to it; of several, the one whose
 *       organization domain is the person's email domain, as Keycloak's own login redirects by domain.</li>
 * </ul>
 */
public final class LinkTargets {

    /** An identity provider that could be chosen, with the organization domain it is bound to (or null). */
    public record Candidate(String alias, String domain) {
    }

    /**
     * What linking does for one person.
     *
     * @param alias  the identity provider to link to, or null
     * @param reason why there is no link although linking is on, or null when there is one or linking is off
     */
    public record Choice(String alias, String reason) {
        static final Choice OFF = new Choice(null, null);

        public boolean linked() {
            return alias != null;
        }
    }

    private LinkTargets() {
    }

    public static Choice choose(String configuredAlias, boolean organization, List<Candidate> candidates, String email) {
        if (configuredAlias != null) {
            return new Choice(configuredAlias, null);
        }
        if (!organization || candidates.isEmpty()) {
            return Choice.OFF;
        }
        if (candidates.size() == 1) {
            return new Choice(candidates.get(0).alias(), null);
        }
        String domain = domainOf(email);
        List<Candidate> matching = candidates.stream().filter(c -> c.domain() != null && c.domain().equalsIgnoreCase(domain)).toList();
        if (matching.size() == 1) {
            return new Choice(matching.get(0).alias(), null);
        }
        if (domain == null) {
            return new Choice(null, "the person has no email, and the organization's identity providers (" + aliases(candidates)
                    + ") are chosen by email domain");
        }
        return new Choice(null, matching.isEmpty()
                ? "none of the organization's identity providers (" + aliases(candidates) + ") has the email domain '" + domain + "'"
                : "several of the organization's identity providers (" + aliases(matching) + ") have the email domain '" + domain + "'");
    }

    /** What the Provisioning page says the tenant's linking does. */
    public static String describe(String configuredAlias, boolean organization, List<Candidate> candidates) {
        if (configuredAlias != null) {
            return "Provisioned accounts are linked to the identity provider '" + configuredAlias + "'.";
        }
        if (!organization) {
            return "No linking: choose the identity provider that provisioned people sign in with.";
        }
        if (candidates.isEmpty()) {
            return "No linking: no identity provider is linked to this organization.";
        }
        if (candidates.size() == 1) {
            return "Provisioned accounts are linked to '" + candidates.get(0).alias() + "', the only identity provider linked to this organization.";
        }
        return "Provisioned accounts are linked by their email domain: " + candidates.stream()
                .map(c -> (c.domain() == null ? "(no domain)" : c.domain()) + " to '" + c.alias() + "'")
                .collect(Collectors.joining(", ")) + ".";
    }

    private static String aliases(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::alias).collect(Collectors.joining(", "));
    }

    private static String domainOf(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
