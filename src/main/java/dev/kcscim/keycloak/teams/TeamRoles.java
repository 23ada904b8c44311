package dev.kcscim.keycloak.teams;

import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.RoleSettings;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The roles every team of a tenant carries ({@link RoleSettings#teamRoles()}). They are Keycloak group role
 * mappings, so a member holds them exactly while Okta keeps them in the team, and an admin sees them on the
 * group's "Role mapping" tab (where one team can also be given roles of its own).
 */
public final class TeamRoles {

    private TeamRoles() {
    }

    /** Why the role settings cannot be saved, if they cannot: a client or a role that does not exist. */
    public static Optional<String> check(RealmModel realm, RoleSettings settings) {
        if (settings.source() == RoleSettings.Source.CLIENT && realm.getClientByClientId(settings.client()) == null) {
            return Optional.of("'rolesClient': the realm has no client '" + settings.client() + "'.");
        }
        List<String> missing = new ArrayList<>();
        for (RoleSettings.RoleRef ref : settings.teamRoles()) {
            if (resolve(realm, ref).isEmpty()) {
                missing.add("'" + ref + "'");
            }
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("'teamRoles': no such role " + String.join(", ", missing) + " (a realm role by name, or {\"client\", \"role\"}).");
    }

    /** Gives a new team the roles every team carries. */
    public static void grant(RealmModel realm, GroupModel team, RoleSettings settings) {
        settings.teamRoles().forEach(ref -> resolve(realm, ref).ifPresent(team::grantRole));
    }

    /**
     * After the setting changed: every team of the tenant gets the roles now listed, and loses those that were
     * listed before and are not any more. Roles an admin gave one team by hand are left alone.
     */
    public static void reconcile(KeycloakSession session, Tenant tenant, RoleSettings before, ProvisioningSettings after) {
        RealmModel realm = tenant.realm();
        List<RoleModel> wanted = after.roles().teamRoles().stream().map(r -> resolve(realm, r)).flatMap(Optional::stream).toList();
        List<RoleModel> dropped = before.teamRoles().stream().filter(r -> !after.roles().teamRoles().contains(r))
                .map(r -> resolve(realm, r)).flatMap(Optional::stream).toList();
        if (wanted.isEmpty() && dropped.isEmpty()) {
            return;
        }
        TeamScope teams = TeamScope.of(session, tenant, after);
        if (teams.unavailable().isPresent()) {
            return;
        }
        teams.page(0, Integer.MAX_VALUE).forEach(team -> {
            wanted.stream().filter(r -> !team.hasDirectRole(r)).forEach(team::grantRole);
            dropped.stream().filter(team::hasDirectRole).forEach(team::deleteRoleMapping);
        });
    }

    private static Optional<RoleModel> resolve(RealmModel realm, RoleSettings.RoleRef ref) {
        if (ref.client() == null) {
            return Optional.ofNullable(realm.getRole(ref.role()));
        }
        ClientModel client = realm.getClientByClientId(ref.client());
        return client == null ? Optional.empty() : Optional.ofNullable(client.getRole(ref.role()));
    }
}
