package dev.kcscim.keycloak.users;

import dev.kcscim.protocol.schema.AttributeDefinition.Type;
import dev.kcscim.protocol.schema.AttributeMappings.ProfileAttribute;
import dev.kcscim.protocol.schema.AttributeMappings;
import dev.kcscim.protocol.schema.UserAttributeCatalog;
import dev.kcscim.tenant.RealmContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The realm's User Profile as the mapping rules see it: which attributes exist, their shape, and SCIM annotations. */
final class UserProfileFacts implements AttributeMappings.Profile {

    /** Keycloak attributes the SCIM server writes itself: mapping them would let two paths fight over one value. */
    static final Set<String> RESERVED = Set.of("username", "email", "emailVerified", UserAttributeCatalog.MANAGER_STORAGE);

    private final UPConfig config;

    private UserProfileFacts(UPConfig config) {
        this.config = config;
    }

    static UserProfileFacts of(KeycloakSession session, RealmModel realm) {
        return new UserProfileFacts(RealmContext.in(session, realm, () -> session.getProvider(UserProfileProvider.class).getConfiguration()));
    }

    @Override
    public Optional<ProfileAttribute> attribute(String name) {
        UPAttribute attribute = config.getAttribute(name);
        if (attribute == null) {
            return Optional.empty();
        }
        boolean adminEditable = attribute.getPermissions() == null || attribute.getPermissions().getEdit() == null
                || attribute.getPermissions().getEdit().contains("admin");
        return Optional.of(new ProfileAttribute(name, label(attribute), attribute.isMultivalued(), adminEditable, type(attribute)));
    }

    /** Attributes annotated for Keycloak's own SCIM API, with the path the annotation names. */
    Map<String, String> annotated() {
        Map<String, String> out = new LinkedHashMap<>();
        for (UPAttribute attribute : config.getAttributes()) {
            Object path = attribute.getAnnotations() == null ? null : attribute.getAnnotations().get(AttributeMappings.ANNOTATION);
            if (path instanceof String text && !text.isBlank()) {
                out.put(attribute.getName(), text.trim());
            }
        }
        return out;
    }

    /** A "${key}" display name is a message key: the attribute's name reads better in /Schemas. */
    private static String label(UPAttribute attribute) {
        String display = attribute.getDisplayName();
        return display == null || display.isBlank() || display.startsWith("${") ? attribute.getName() : display;
    }

    /** Keycloak keeps text; the validators say when the text is a number. */
    private static Type type(UPAttribute attribute) {
        Map<String, Map<String, Object>> validations = attribute.getValidations();
        if (validations != null && validations.containsKey("integer")) {
            return Type.INTEGER;
        }
        if (validations != null && validations.containsKey("double")) {
            return Type.DECIMAL;
        }
        return Type.STRING;
    }
}
