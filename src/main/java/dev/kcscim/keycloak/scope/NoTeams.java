package dev.kcscim.keycloak.scope;

import dev.kcscim.protocol.ScimException;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserModel;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The teams of a tenant that cannot have any (an organization on a Keycloak without organization groups). Users
 * read as members of no team; anything that would create or list teams is refused with the reason.
 */
final class NoTeams implements TeamScope {

    private final String reason;

    NoTeams(String reason) {
        this.reason = reason;
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.of(reason);
    }

    @Override
    public boolean contains(GroupModel group) {
        return false;
    }

    @Override
    public Optional<GroupModel> find(String id) {
        return Optional.empty();
    }

    @Override
    public Stream<GroupModel> page(int first, int max) {
        return Stream.empty();
    }

    @Override
    public long count() {
        return 0;
    }

    @Override
    public Optional<GroupModel> byName(String name) {
        return Optional.empty();
    }

    @Override
    public Stream<GroupModel> byAttribute(String name, String value, int max) {
        return Stream.empty();
    }

    @Override
    public Stream<GroupModel> teamsOf(UserModel user) {
        return Stream.empty();
    }

    @Override
    public GroupModel create(String name) {
        throw ScimException.notImplemented(reason);
    }
}
