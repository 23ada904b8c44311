package dev.kcscim.keycloak.scope;

import org.keycloak.models.GroupModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * What the running Keycloak offers among the APIs that arrived after the oldest supported minor (26.4). The JAR
 * is built against 26.7; each version-specific call is reached only when its capability is here, so the same
 * JAR loads on every supported version, and what an older one lacks is refused with a clear message.
 */
public final class KeycloakCapabilities {

    private static final boolean ORGANIZATION_GROUPS = hasMethod(OrganizationProvider.class, "createGroup",
            OrganizationModel.class, String.class, GroupModel.class)
            && hasMethod(OrganizationProvider.class, "getOrganizationGroup", OrganizationModel.class);
    private static final boolean ORGANIZATION_REMOVED_EVENT =
            hasClass("org.keycloak.models.OrganizationModel$OrganizationRemovedEvent");

    private KeycloakCapabilities() {
    }

    /** Organization groups (an organization's own groups, and its members' hidden group): Keycloak 26.6 and 26.7 have them, 26.5 does not. */
    public static boolean organizationGroups() {
        return ORGANIZATION_GROUPS;
    }

    /** Why an organization has no teams here, for the SCIM error that says so. */
    public static String organizationGroupsMissing() {
        return "Teams of an organization are Keycloak organization groups, which this Keycloak version does not have "
                + "(Keycloak 26.7 does); the organization's users can be provisioned, its groups cannot.";
    }

    /** The event Keycloak fires when an organization is deleted. */
    public static boolean organizationRemovedEvent() {
        return ORGANIZATION_REMOVED_EVENT;
    }

    private static boolean hasMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            type.getMethod(name, parameters);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean hasClass(String name) {
        try {
            Class.forName(name, false, KeycloakCapabilities.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
