package dev.kcscim.keycloak;

import dev.kcscim.auth.ScimPrincipal;
import dev.kcscim.protocol.MultiValue;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.resource.ScimUser;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.text.MessageFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Creates, reads, replaces and deletes realm users for SCIM. The only class besides {@link UserQuery} that
 * calls {@code session.users()}. Every rule that can refuse a request runs before anything is written, or
 * the caller's transaction is rolled back, so a refused request changes nothing.
 */
public final class UserStore {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ProvisioningSettings settings;
    private final ScimPrincipal principal;

    public UserStore(KeycloakSession session, RealmModel realm, ProvisioningSettings settings, ScimPrincipal principal) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
        this.principal = principal;
    }

    /** A person of this realm; service accounts are not people and are never visible through SCIM. */
    public Optional<UserModel> find(String id) {
        UserModel user = session.users().getUserById(realm, id);
        return Optional.ofNullable(user).filter(UserStore::isPerson);
    }

    public UserModel get(String id) {
        return find(id).orElseThrow(() -> ScimException.notFound("No user with id '" + id + "'."));
    }

    static boolean isPerson(UserModel user) {
        return user.getServiceAccountClientLink() == null;
    }

    public UserModel create(ScimUser requested) {
        ScimUser scim = applyUsernameRules(requested);
        String username = usernameFor(scim);
        if (session.users().getUserByUsername(realm, username) != null) {
            throw new ScimException(409, ScimType.uniqueness, "A user with userName '" + scim.userName() + "' already exists.");
        }
        checkEmailUnique(scim, null);
        // A concurrent create of the same userName or email passes these checks too; the database's unique keys
        // then refuse one of them, and the SCIM boundary answers it with 409 (see ScimErrors and Persistence).
        UserModel user = session.users().addUser(realm, username);
        user.setEnabled(true);
        writeAll(scim, user);
        return user;
    }

    public void replace(UserModel user, ScimUser requested) {
        ScimUser scim = applyUsernameRules(requested);
        String username = usernameFor(scim);
        if (!username.equalsIgnoreCase(user.getUsername())) {
            UserModel other = session.users().getUserByUsername(realm, username);
            if (other != null && !other.getId().equals(user.getId())) {
                throw new ScimException(409, ScimType.uniqueness, "A user with userName '" + scim.userName() + "' already exists.");
            }
            checkEmailUnique(scim, user);
            user.setUsername(username);
        } else {
            checkEmailUnique(scim, user);
        }
        boolean wasEnabled = user.isEnabled();
        writeAll(scim, user);
        if (wasEnabled && !user.isEnabled()) {
            Sessions.endAll(session, realm, user);
        }
    }

    /** DELETE: removes the user, or only disables them (and ends their sessions) when the realm says so. */
    public void delete(UserModel user) {
        if (settings.deleteMode() == ProvisioningSettings.DeleteMode.DISABLE) {
            user.setEnabled(false);
            user.setSingleAttribute(UserAttributes.LAST_MODIFIED, Instant.now().toString());
            Sessions.endAll(session, realm, user);
            return;
        }
        Sessions.endAll(session, realm, user);
        new UserManager(session).removeUser(realm, user);
    }

    /** The SaaS rule that the username is the email, and Keycloak's own "email as username". */
    private ScimUser applyUsernameRules(ScimUser scim) {
        if (!settings.usernameMustBeEmail()) {
            return scim;
        }
        MultiValue primary = scim.primaryEmail();
        if (primary == null) {
            return scim.withEmails(ScimUser.singleEmail(scim.userName()));
        }
        if (!primary.value().equalsIgnoreCase(scim.userName())) {
            throw ScimException.badRequest(ScimType.invalidValue, "userName '" + scim.userName() + "' must equal the primary email '"
                    + primary.value() + "': this realm's provisioning requires the username to be the email (setting usernameMustBeEmail).");
        }
        return scim;
    }

    private String usernameFor(ScimUser scim) {
        MultiValue primary = scim.primaryEmail();
        if (realm.isRegistrationEmailAsUsername() && primary != null) {
            return primary.value().toLowerCase(Locale.ROOT);
        }
        return scim.userName().toLowerCase(Locale.ROOT);
    }

    private void checkEmailUnique(ScimUser scim, UserModel self) {
        MultiValue primary = scim.primaryEmail();
        if (primary == null || realm.isDuplicateEmailsAllowed()) {
            return;
        }
        UserModel other = session.users().getUserByEmail(realm, primary.value());
        if (other != null && (self == null || !other.getId().equals(self.getId()))) {
            throw new ScimException(409, ScimType.uniqueness, "Another user already has the email '" + primary.value() + "'.");
        }
    }

    private void writeAll(ScimUser scim, UserModel user) {
        UserMapper.write(scim, user);
        user.setSingleAttribute(UserAttributes.PROVISIONED, "true");
        user.setSingleAttribute(UserAttributes.PROVISIONED_BY, principal.tokenName());
        user.setSingleAttribute(UserAttributes.LAST_MODIFIED, Instant.now().toString());
        if (scim.password() != null) {
            setPassword(user, scim.password());
        }
        validateProfile(user);
    }

    private void setPassword(UserModel user, String password) {
        PolicyError error = session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, user, password);
        if (error != null) {
            throw ScimException.badRequest(ScimType.invalidValue, "The password does not meet the realm's password policy: "
                    + message(error.getMessage(), error.getParameters()));
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException e) {
            throw ScimException.badRequest(ScimType.invalidValue, "The password was refused: " + message(e.getMessage(), e.getParameters()));
        }
    }

    /** Keycloak's User Profile has the last word: a required attribute the IdP did not send is a 400 that names it. */
    private void validateProfile(UserModel user) {
        try {
            session.getProvider(UserProfileProvider.class).create(UserProfileContext.USER_API, user).validate();
        } catch (ValidationException e) {
            String problems = e.getErrors().stream()
                    .map(error -> "'" + error.getAttribute() + "': " + message(error.getMessage(), error.getMessageParameters()))
                    .distinct().collect(Collectors.joining("; "));
            throw ScimException.badRequest(ScimType.invalidValue, "The realm's user profile refused the user: " + problems + ".");
        }
    }

    /** Renders a Keycloak message key in English where the admin theme knows it, else the key and its parameters. */
    private String message(String key, Object[] parameters) {
        if (key == null) {
            return "refused";
        }
        try {
            Properties messages = session.theme().getTheme(org.keycloak.theme.Theme.Type.ADMIN).getMessages(Locale.ENGLISH);
            String pattern = messages.getProperty(key);
            if (pattern == null) {
                messages = session.theme().getTheme(org.keycloak.theme.Theme.Type.LOGIN).getMessages(Locale.ENGLISH);
                pattern = messages.getProperty(key);
            }
            if (pattern != null) {
                return new MessageFormat(pattern, Locale.ENGLISH).format(parameters == null ? new Object[0] : parameters);
            }
        } catch (Exception ignored) {
            // fall back to the key
        }
        return parameters == null || parameters.length == 0 ? key : key + " " + Arrays.toString(parameters);
    }
}
