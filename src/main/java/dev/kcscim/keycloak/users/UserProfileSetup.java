package dev.kcscim.keycloak.users;

import dev.kcscim.keycloak.scope.UserAttributes;
import dev.kcscim.protocol.schema.UserAttributeCatalog;
import dev.kcscim.tenant.RealmContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Declares the SCIM attributes in the realm's User Profile, in a "Provisioning" group. Declared attributes
 * show on the user's page in the admin console, can be searched there (so an admin can list every synced
 * user with {@code scimProvisioned = true}), and survive an admin editing the user. Users can see but not
 * change them. Attributes the realm already declares are left as the realm has them.
 */
public final class UserProfileSetup {

    public static final String GROUP = "provisioning";

    /** Attribute name to label: the bookkeeping first, then the profile data of the catalog. */
    private static final Map<String, String> ATTRIBUTES = new LinkedHashMap<>();

    static {
        ATTRIBUTES.putAll(UserAttributes.BOOKKEEPING);
        // locale is Keycloak's own attribute, which the realm's internationalisation settings govern.
        UserAttributeCatalog.BUILT_IN.entries().stream().filter(e -> !e.modelField() && !e.storage().equals("locale"))
                .forEach(e -> ATTRIBUTES.put(e.storage(), e.label()));
        ATTRIBUTES.put(UserAttributeCatalog.MANAGER_STORAGE, UserAttributeCatalog.MANAGER_LABEL);
    }

    private UserProfileSetup() {
    }

    /** Adds what is missing; idempotent, so it runs each time provisioning is switched on. */
    public static void ensureDeclared(KeycloakSession session, RealmModel realm) {
        RealmContext.in(session, realm, () -> {
            declare(session.getProvider(UserProfileProvider.class));
            return null;
        });
    }

    private static void declare(UserProfileProvider provider) {
        UPConfig config = provider.getConfiguration();
        boolean changed = false;
        if (config.getGroups().stream().noneMatch(g -> GROUP.equals(g.getName()))) {
            UPGroup group = new UPGroup(GROUP);
            group.setDisplayHeader("Provisioning (SCIM)");
            group.setDisplayDescription("Set by the identity provider through SCIM; change them there.");
            config.addGroup(group);
            changed = true;
        }
        for (Map.Entry<String, String> entry : ATTRIBUTES.entrySet()) {
            if (config.getAttribute(entry.getKey()) != null) {
                continue;
            }
            UPAttribute attribute = new UPAttribute(entry.getKey());
            attribute.setDisplayName(entry.getValue());
            attribute.setGroup(GROUP);
            attribute.setPermissions(new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
            attribute.setMultivalued(UserAttributes.MULTI_VALUED.contains(entry.getKey()));
            config.addOrReplaceAttribute(attribute);
            changed = true;
        }
        if (changed) {
            provider.setConfiguration(config);
        }
    }
}
