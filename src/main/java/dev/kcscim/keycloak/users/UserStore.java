package dev.kcscim.keycloak.users;

import dev.kcscim.keycloak.jpa.Persistence;
import dev.kcscim.keycloak.roles.RoleGrants;
import dev.kcscim.keycloak.scope.UserAttributes;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.observe.RequestNotes;
import dev.kcscim.protocol.MultiValue;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.resource.ScimUser;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.ScimPrincipal;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.services.messages.Messages;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.text.MessageFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Creates, reads, replaces and deletes users for SCIM, within the tenant's {@link UserScope}. Every rule that
 * can refuse a request runs before anything is written, or the caller's transaction is rolled back, so a
 * refused request changes nothing.
 */
public final class UserStore {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ProvisioningSettings settings;
    private final ScimPrincipal principal;
    private final UserScope users;
    private final UserMapper mapper;
    private final RoleGrants grants;
    private final IdentityLinks links;

    public UserStore(KeycloakSession session, RealmModel realm, ProvisioningSettings settings, ScimPrincipal principal, UserScope users,
                     UserMapper mapper, IdentityLinks links) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
        this.principal = principal;
        this.users = users;
        this.mapper = mapper;
        this.grants = new RoleGrants(session, realm, principal, mapper.mapping().roles());
        this.links = links;
    }

    public UserModel get(String id) {
        return users.find(id).orElseThrow(() -> ScimException.notFound("No user with id '" + id + "'."));
    }

    public UserModel create(ScimUser requested) {
        ScimUser scim = applyUsernameRules(requested);
        List<RoleModel> roles = wantedRoles(scim);
        String username = usernameFor(scim);
        IdentityLinks.Plan link = linkPlan(scim);
        if (link.links()) {
            // The one lookup before writing: no unique key guards a link's id at the identity provider.
            links.checkFree(link, null);
        }
        // No other lookups of our own before writing: the User Profile's validation looks the userName and the email up
        // anyway, and the database's unique keys refuse a duplicate that validation flushes. Only then, when the
        // request has already failed, is the other user looked for, so that the 409 says which value is taken.
        try {
            UserModel user = session.users().addUser(realm, username);
            user.setEnabled(true);
            users.admit(user);
            writeAll(scim, user, roles, true);
            link(user, link, true);
            Persistence.flush(session);
            return user;
        } catch (RuntimeException e) {
            if (Persistence.isUniqueViolation(e)) {
                // Where the other user cannot be found (its request has not committed yet), the SCIM boundary gives
                // its generic 409 for a unique key taken by a concurrent request.
                ScimException taken = takenValue(scim, username);
                throw taken != null ? taken : e;
            }
            throw e;
        }
    }

    /**
     * The 409 that names the userName or email a refused create collides with, or null when no other user holds
     * either. The request's transaction is failed by then, so the lookup runs in a transaction of its own. Unique
     * in the whole realm; the answer does not say whether the other user is in this tenant.
     */
    private ScimException takenValue(ScimUser scim, String username) {
        String realmId = realm.getId();
        MultiValue primary = scim.primaryEmail();
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), own -> {
            RealmModel here = own.realms().getRealm(realmId);
            own.getContext().setRealm(here);
            if (own.users().getUserByUsername(here, username) != null) {
                return userNameTaken(scim.userName());
            }
            return primary != null && own.users().getUserByEmail(here, primary.value()) != null ? emailTaken(primary.value()) : null;
        });
    }

    private static ScimException userNameTaken(String userName) {
        return new ScimException(409, ScimType.uniqueness, "A user with userName '" + userName + "' already exists.");
    }

    private static ScimException emailTaken(String email) {
        return new ScimException(409, ScimType.uniqueness, "Another user already has the email '" + email + "'.");
    }

    public void replace(UserModel user, ScimUser requested) {
        ScimUser scim = applyUsernameRules(requested);
        List<RoleModel> roles = wantedRoles(scim);
        String username = usernameFor(scim);
        if (!username.equalsIgnoreCase(user.getUsername())) {
            UserModel other = session.users().getUserByUsername(realm, username);
            if (other != null && !other.getId().equals(user.getId())) {
                throw userNameTaken(scim.userName());
            }
            checkEmailUnique(scim, user);
            user.setUsername(username);
        } else {
            checkEmailUnique(scim, user);
        }
        IdentityLinks.Plan link = linkPlan(scim);
        writeAll(scim, user, roles, false);
        link(user, link, false);
    }

    private IdentityLinks.Plan linkPlan(ScimUser scim) {
        MultiValue primary = scim.primaryEmail();
        return links.plan(scim.userName(), scim.externalId(), primary == null ? null : primary.value());
    }

    /** Links the account to its identity provider, or notes in the activity log why it is not. */
    private void link(UserModel user, IdentityLinks.Plan plan, boolean created) {
        if (links.apply(user, plan, created) == IdentityLinks.Outcome.NONE && plan.note() != null) {
            RequestNotes.add(session, plan.note());
        }
    }

    /** The roles the request names, checked before anything is written; null when it does not mention roles. */
    private List<RoleModel> wantedRoles(ScimUser scim) {
        return scim.roles() == null ? null : mapper.mapping().roles().resolve(scim.roles());
    }

    /** DELETE: what it means is the tenant's and the delete mode's (see {@link UserScope#remove}). */
    public void delete(UserModel user) {
        if (settings.deleteMode() == ProvisioningSettings.DeleteMode.DISABLE) {
            user.setSingleAttribute(UserAttributes.LAST_MODIFIED, Instant.now().toString());
        }
        users.remove(user, settings.deleteMode());
    }

    /** The SaaS rule that the username is the email, Keycloak's own "email as username", and a tenant's email domains. */
    private ScimUser applyUsernameRules(ScimUser scim) {
        ScimUser checked = scim;
        if (settings.usernameMustBeEmail()) {
            MultiValue primary = scim.primaryEmail();
            if (primary == null) {
                checked = scim.withEmails(ScimUser.singleEmail(scim.userName()));
            } else if (!primary.value().equalsIgnoreCase(scim.userName())) {
                throw ScimException.badRequest(ScimType.invalidValue, "userName '" + scim.userName() + "' must equal the primary email '"
                        + primary.value() + "': this realm's provisioning requires the username to be the email (setting usernameMustBeEmail).");
            }
        }
        MultiValue primary = checked.primaryEmail();
        users.refusedEmail(primary == null ? null : primary.value(), settings).ifPresent(reason -> {
            throw ScimException.badRequest(ScimType.invalidValue, reason);
        });
        return checked;
    }

    private String usernameFor(ScimUser scim) {
        MultiValue primary = scim.primaryEmail();
        if (realm.isRegistrationEmailAsUsername() && primary != null) {
            return primary.value().toLowerCase(Locale.ROOT);
        }
        return scim.userName().toLowerCase(Locale.ROOT);
    }

    /** For a replace: a create finds a taken email through the User Profile and the unique keys instead. */
    private void checkEmailUnique(ScimUser scim, UserModel self) {
        MultiValue primary = scim.primaryEmail();
        if (primary == null || realm.isDuplicateEmailsAllowed()) {
            return;
        }
        UserModel other = session.users().getUserByEmail(realm, primary.value());
        if (other != null && !other.getId().equals(self.getId())) {
            throw emailTaken(primary.value());
        }
    }

    private void writeAll(ScimUser scim, UserModel user, List<RoleModel> roles, boolean created) {
        String emailBefore = user.getEmail();
        mapper.write(scim, user);
        if (user.getEmail() == null || emailBefore == null || !emailBefore.equalsIgnoreCase(user.getEmail())) {
            // As an identity provider's "Trust email": an address the IdP owns needs no verification mail. An
            // unchanged email keeps its state, which the person may have set by verifying it.
            user.setEmailVerified(user.getEmail() != null && settings.trustEmail());
        }
        if (scim.active() != null) {
            users.setActive(user, scim.active());
        }
        user.setSingleAttribute(UserAttributes.PROVISIONED, "true");
        user.setSingleAttribute(UserAttributes.PROVISIONED_BY, principal.tokenName());
        if (!created) {
            // A new user's lastModified is its creation time, which Keycloak keeps: one row less per create.
            user.setSingleAttribute(UserAttributes.LAST_MODIFIED, Instant.now().toString());
        }
        if (scim.password() != null) {
            setPassword(user, scim.password());
        }
        validateProfile(user, scim);
        if (roles != null) {
            grants.set(user, roles);
        }
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
    private void validateProfile(UserModel user, ScimUser scim) {
        try {
            session.getProvider(UserProfileProvider.class).create(UserProfileContext.USER_API, user).validate();
        } catch (ValidationException e) {
            // A duplicate the profile found (in Keycloak's user cache, say, before the database saw this user) is
            // the same conflict as one the database refuses.
            if (e.hasError(Messages.USERNAME_EXISTS)) {
                throw userNameTaken(scim.userName());
            }
            if (e.hasError(Messages.EMAIL_EXISTS)) {
                MultiValue primary = scim.primaryEmail();
                throw emailTaken(primary == null ? user.getEmail() : primary.value());
            }
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
