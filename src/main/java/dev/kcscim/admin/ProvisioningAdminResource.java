package dev.kcscim.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.admission.AdmissionControl;
import dev.kcscim.auth.TokenRecord;
import dev.kcscim.auth.TokenStore;
import dev.kcscim.keycloak.scope.RealmTeams;
import dev.kcscim.keycloak.teams.TeamOverview;
import dev.kcscim.keycloak.teams.TeamRoles;
import dev.kcscim.keycloak.users.AccountLinker;
import dev.kcscim.keycloak.users.IdentityLinks;
import dev.kcscim.keycloak.users.LinkChoices;
import dev.kcscim.keycloak.users.LinkEvents;
import dev.kcscim.keycloak.users.SyncedUser;
import dev.kcscim.keycloak.users.UserMapping;
import dev.kcscim.keycloak.users.UserProfileSetup;
import dev.kcscim.observe.ActivityEntry;
import dev.kcscim.observe.ActivityLog;
import dev.kcscim.observe.ActivityQuery;
import dev.kcscim.protocol.schema.AttributeMappings;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.Tenant;
import dev.kcscim.tenant.TenantTransfer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code /admin/realms/{realm}/provisioning} and {@code .../provisioning/organizations/{id}}: settings and
 * tokens of a tenant, for realm administrators. Keycloak has already authenticated the admin; reads need
 * view-realm and changes manage-realm, as for realm settings and Keycloak's own organization API.
 */
public class ProvisioningAdminResource {

    private final KeycloakSession session;
    private final Tenant tenant;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final Node node;
    private final ActivityLog activity;
    private final Clock clock;

    /**
     * What the resource shares with the SCIM endpoints of its node.
     *
     * @param activity  the activity log the endpoints write
     * @param admission the node's admission control, for the defaults a tenant's settings fall back on
     */
    public record Node(ActivityLog activity, AdmissionControl admission, Clock clock) {
    }

    public ProvisioningAdminResource(KeycloakSession session, Tenant tenant, AdminPermissionEvaluator auth,
                                     AdminEventBuilder adminEvent, Node node) {
        this.session = session;
        this.tenant = tenant;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(tenant.isOrganization() ? ResourceType.ORGANIZATION : ResourceType.REALM);
        this.node = node;
        this.activity = node.activity();
        this.clock = node.clock();
    }

    /** The same API for one organization of the realm; 404 when the realm has no such organization. */
    @Path("organizations/{organizationId}")
    public ProvisioningAdminResource organization(@PathParam("organizationId") String organizationId) {
        auth.realm().requireViewRealm();
        if (tenant.isOrganization()) {
            throw new NotFoundException();
        }
        Tenant organization = Tenant.organization(session, tenant.realm(), organizationId)
                .orElseThrow(() -> new NotFoundException("No organization " + organizationId + " in this realm, or organizations are off"));
        return new ProvisioningAdminResource(session, organization, auth, adminEvent, node);
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public SettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return representation(ProvisioningSettings.of(session, tenant), auth.realm().canManageRealm());
    }

    private SettingsRepresentation representation(ProvisioningSettings settings, boolean canManage) {
        List<SettingsRepresentation.IdentityProviderChoice> providers = LinkChoices.of(session, tenant).stream()
                .map(p -> new SettingsRepresentation.IdentityProviderChoice(p.getAlias(), p.getDisplayName(), p.getProviderId(),
                        p.getConfig().get(OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE)))
                .toList();
        return SettingsRepresentation.of(tenant, settings, UserMapping.of(session, tenant, settings), links(session, settings, null),
                providers, SettingsRepresentation.AdmissionDefaults.of(node.admission()),
                scimBaseUrl(), canManage);
    }

    private IdentityLinks links(KeycloakSession in, ProvisioningSettings settings, IdentityLinks.Events events) {
        return new IdentityLinks(in, tenant, settings.link(), events);
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SettingsRepresentation updateSettings(JsonNode body) {
        auth.realm().requireManageRealm();
        ProvisioningSettings before = ProvisioningSettings.of(session, tenant);
        ProvisioningSettings updated = SettingsRepresentation.apply(tenant, before, body);
        try {
            UserMapping.check(session, tenant, updated);
        } catch (AttributeMappings.MappingException e) {
            throw AdminErrors.badRequest("The attribute mappings were not saved: " + String.join(" ", e.problems()));
        }
        TeamRoles.check(tenant.realm(), updated.roles()).ifPresent(problem -> {
            throw AdminErrors.badRequest(problem);
        });
        LinkChoices.problem(session, tenant, updated.link()).ifPresent(problem -> {
            throw AdminErrors.badRequest(problem);
        });
        try {
            updated.saveTo(session, tenant);
        } catch (IllegalArgumentException e) {
            throw AdminErrors.badRequest("The settings were not saved: " + e.getMessage());
        }
        TeamRoles.reconcile(session, tenant, before.roles(), updated);
        if (updated.enabled()) {
            UserProfileSetup.ensureDeclared(session, tenant.realm());
        }
        if (!tenant.isOrganization()) {
            RealmTeams.ensureParent(session, tenant.realm(), updated.teamsParentGroup());
        }
        SettingsRepresentation representation = representation(updated, true);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(representation).success();
        return representation;
    }

    /**
     * Links the tenant's provisioned accounts that have a subject and no link to its identity provider: for
     * linking turned on after the identity provider pushed its people. Idempotent; see {@link AccountLinker}.
     */
    @POST
    @Path("link-accounts")
    @Produces(MediaType.APPLICATION_JSON)
    public AccountLinker.Report linkAccounts() {
        auth.realm().requireManageRealm();
        ProvisioningSettings settings = ProvisioningSettings.of(session, tenant);
        if (!links(session, settings, null).enabled()) {
            throw AdminErrors.badRequest(tenant.isOrganization()
                    ? "Linking is off: no identity provider is linked to this organization, and 'identityProviderAlias' is not set."
                    : "Linking is off: set 'identityProviderAlias' to the identity provider that provisioned people sign in with.");
        }
        AdminAuth admin = auth.adminAuth();
        ClientConnection connection = session.getContext().getConnection();
        AccountLinker.Report report = new AccountLinker(session.getKeycloakSessionFactory(), tenant, settings.link(),
                own -> LinkEvents.byAdmin(() -> new AdminEventBuilder(tenant.realm(), admin, own, connection).resource(ResourceType.USER))).run();
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(new LinkSummary(report.linked(), report.alreadyLinked(), report.skipped())).success();
        return report;
    }

    /** What the action's own admin event records: the counts, not every account. */
    record LinkSummary(int linked, int alreadyLinked, int skipped) {
    }

    /**
     * The provisioning configuration of the realm and every organization, with token hashes (never secrets), to
     * carry with a realm export: provisioning lives in tables of its own. Realm-wide, for realm managers only.
     */
    @GET
    @Path("configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode exportConfiguration() {
        auth.realm().requireManageRealm();
        requireRealmTenant();
        return TenantTransfer.export(session, tenant.realm());
    }

    /** Replaces the settings and tokens of the tenants the document names, as {@code GET configuration} gave it. */
    @PUT
    @Path("configuration")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importConfiguration(JsonNode document) {
        auth.realm().requireManageRealm();
        requireRealmTenant();
        int tenants;
        try {
            tenants = TenantTransfer.importDocument(session, tenant.realm(), document);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw AdminErrors.badRequest("The configuration was not imported: " + e.getMessage());
        }
        UserProfileSetup.ensureDeclared(session, tenant.realm());
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).success();
        return Response.ok(java.util.Map.of("tenants", tenants)).build();
    }

    private void requireRealmTenant() {
        if (tenant.isOrganization()) {
            throw new NotFoundException("The configuration is the realm's: …/provisioning/configuration");
        }
    }

    @GET
    @Path("tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public List<TokenRepresentation> listTokens() {
        auth.realm().requireViewRealm();
        return TokenStore.list(session, tenant).stream().map(TokenRepresentation::of).toList();
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createToken(JsonNode body) {
        auth.realm().requireManageRealm();
        Instant now = clock.instant();
        TokenRequest request = TokenRequest.parse(body, now);
        if (TokenStore.list(session, tenant).stream().anyMatch(t -> t.name().equalsIgnoreCase(request.name()))) {
            throw AdminErrors.conflict("A provisioning token named '" + request.name() + "' already exists.");
        }
        TokenStore.Created created = TokenStore.create(session, tenant, request.name(), request.expiresAt(), now);
        // A realm imported with provisioning already on (docker/'s demo realm) never saw a settings PUT; its
        // first token is the moment before any SCIM write, so the User Profile gets its attributes here too.
        UserProfileSetup.ensureDeclared(session, tenant.realm());
        TokenRepresentation listed = TokenRepresentation.of(created.record());
        // The event records the token's metadata only; the secret is in nothing but this one response.
        adminEvent.operation(OperationType.CREATE)
                .resourcePath(session.getContext().getUri(), created.record().id())
                .representation(listed).success();
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(created.record().id()).build();
        return Response.created(location).entity(CreatedTokenRepresentation.of(created)).build();
    }

    @DELETE
    @Path("tokens/{id}")
    public Response revokeToken(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        TokenRecord record = TokenStore.get(session, tenant, id).orElseThrow(() -> new NotFoundException("No provisioning token " + id));
        TokenStore.revoke(session, tenant, id);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri())
                .representation(TokenRepresentation.of(record)).success();
        return Response.noContent().build();
    }

    /**
     * The tenant's last SCIM requests, newest first. {@code status} is {@code errors} (4xx and 5xx), or a class
     * such as {@code 2xx}; {@code token} is a token's name.
     */
    @GET
    @Path("activity")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ActivityEntry> activity(@QueryParam("first") Integer first, @QueryParam("max") Integer max,
                                        @QueryParam("status") String status, @QueryParam("token") String token) {
        auth.realm().requireViewRealm();
        if ((first != null && first < 0) || (max != null && max < 1)) {
            throw AdminErrors.badRequest("'first' must be 0 or more and 'max' 1 or more.");
        }
        // The log never holds more than its bound, so no page is larger.
        int limit = Math.min(max == null ? 100 : max, activity.bounds().maxEntries());
        return activity.list(session, new ActivityQuery(tenant.realm().getId(),
                ActivityQuery.tenantKey(tenant.isOrganization() ? tenant.organization().getId() : null),
                statusClass(status), token == null || token.isBlank() ? null : token, first == null ? 0 : first, limit));
    }

    private static int statusClass(String status) {
        if (status == null || status.isBlank()) {
            return 0;
        }
        if (status.equalsIgnoreCase("errors")) {
            return ActivityQuery.ERRORS;
        }
        if (status.matches("[245]xx")) {
            return status.charAt(0) - '0';
        }
        throw AdminErrors.badRequest("'status' must be errors, 2xx, 4xx or 5xx.");
    }

    /**
     * Which of these users (at most {@value SyncedUser#MAX_IDS} {@code id} parameters: one page of a console list)
     * SCIM provisioned, with the token and organization, for the badges in the console's user lists. Asked of
     * the realm; an organization's members are realm users too.
     */
    @GET
    @Path("synced-users")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SyncedUser> syncedUsers(@QueryParam("id") List<String> ids) {
        auth.users().requireQuery();
        if (tenant.isOrganization()) {
            throw new NotFoundException("Ask the realm: /provisioning/synced-users");
        }
        if (ids == null || ids.isEmpty() || ids.size() > SyncedUser.MAX_IDS) {
            throw AdminErrors.badRequest("Give between 1 and " + SyncedUser.MAX_IDS + " 'id' parameters.");
        }
        return SyncedUser.among(session, tenant.realm(), ids, auth.users()::canView);
    }

    /** The teams provisioning manages here, with their number of members and last SCIM change. */
    @GET
    @Path("teams")
    @Produces(MediaType.APPLICATION_JSON)
    public List<TeamOverview> teams(@QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        auth.realm().requireViewRealm();
        int limit = max == null ? 100 : max;
        if ((first != null && first < 0) || limit < 1 || limit > 1000) {
            throw AdminErrors.badRequest("'first' must be 0 or more and 'max' between 1 and 1000.");
        }
        return TeamOverview.page(session, tenant, first == null ? 0 : first, limit);
    }

    private String scimBaseUrl() {
        return session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(tenant.realm().getName()).path(tenant.scimPath()).build().toString();
    }
}
