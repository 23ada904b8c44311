package dev.kcscim.keycloak.users;

import dev.kcscim.tenant.LinkSettings;
import dev.kcscim.tenant.RealmContext;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The identity providers a tenant's linking may use, for the page's chooser and for checking the settings. */
public final class LinkChoices {

    /** The chooser lists this many; a realm with more is typed by alias, which the check still accepts. */
    static final int MAX_LISTED = 100;

    private LinkChoices() {
    }

    /**
     * The realm's own identity providers (not those linked to an organization: each organization has its own
     * linking, and a realm with thousands of them must not list them all), or the organization's.
     */
    public static List<IdentityProviderModel> of(KeycloakSession session, Tenant tenant) {
        if (tenant.isOrganization()) {
            return IdentityLinks.organizationProviders(session, tenant);
        }
        return RealmContext.in(session, tenant.realm(), () -> session.identityProviders()
                .getAllStream(Map.of(IdentityProviderModel.ORGANIZATION_ID, ""), 0, MAX_LISTED)
                .filter(p -> p.getOrganizationId() == null).toList());
    }

    /** Why these link settings cannot be saved for the tenant, or empty. */
    public static Optional<String> problem(KeycloakSession session, Tenant tenant, LinkSettings link) {
        if (link.alias() == null) {
            return Optional.empty();
        }
        IdentityProviderModel provider = RealmContext.in(session, tenant.realm(), () -> session.identityProviders().getByAlias(link.alias()));
        if (provider == null) {
            return Optional.of("The realm has no identity provider '" + link.alias() + "'" + listed(of(session, tenant), tenant) + ".");
        }
        OrganizationModel organization = tenant.organization();
        if (organization != null && !organization.getId().equals(provider.getOrganizationId())) {
            return Optional.of("The identity provider '" + link.alias() + "' is not linked to the organization '" + organization.getName()
                    + "'" + listed(of(session, tenant), tenant) + ". Link it to the organization first, or choose one that is.");
        }
        return Optional.empty();
    }

    private static String listed(List<IdentityProviderModel> providers, Tenant tenant) {
        if (providers.isEmpty()) {
            return tenant.isOrganization() ? "; no identity provider is linked to this organization" : "; it has none of its own";
        }
        return "; " + (tenant.isOrganization() ? "linked to this organization: " : "its identity providers: ")
                + providers.stream().map(IdentityProviderModel::getAlias).collect(Collectors.joining(", "));
    }
}
