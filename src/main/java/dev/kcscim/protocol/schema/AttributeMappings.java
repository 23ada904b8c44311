package dev.kcscim.protocol.schema;

import dev.kcscim.protocol.schema.AttributeDefinition.Returned;
import dev.kcscim.protocol.schema.AttributeDefinition.Type;
import dev.kcscim.protocol.schema.UserAttributeCatalog.Entry;
import dev.kcscim.protocol.schema.UserAttributeCatalog.Place;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a tenant's attribute mappings into its {@link UserAttributeCatalog}: the built-in entries with the
 * mapped ones in their place or beside them. Every rule is checked here, when the admin saves, so that a bad
 * mapping is a 400 then and never a failure at request time.
 *
 * <p>Mappings come from two sources. Explicit ones are the admin's, and any problem refuses them all.
 * Attributes of the User Profile that carry Keycloak's own SCIM annotation ({@link #ANNOTATION}) are adopted
 * as if mapped both ways, unless an explicit mapping names the same attribute or path; an annotation that
 * breaks a rule is skipped and reported, because the admin did not write it here.
 */
public final class AttributeMappings {

    /** The User Profile annotation of Keycloak's built-in SCIM API, whose value is a SCIM attribute path. */
    public static final String ANNOTATION = "kc.scim.schema.attribute";
    public static final int MAX_MAPPINGS = 100;

    /** What the realm's User Profile says about one attribute. */
    public record ProfileAttribute(String name, String displayName, boolean multiValued, boolean adminEditable, Type type) {
    }

    /** The realm's User Profile as the rules need it. */
    public interface Profile {
        Optional<ProfileAttribute> attribute(String name);
    }

    /** The tenant's catalog, and the annotations that were skipped with the reason. */
    public record Result(UserAttributeCatalog catalog, List<String> skippedAnnotations) {
    }

    public static final class MappingException extends RuntimeException {
        private final List<String> problems;

        MappingException(List<String> problems) {
            super(String.join(" ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final Profile profile;
    private final Set<String> reserved;

    /** @param reserved Keycloak attributes the server keeps for itself (username, email, its bookkeeping) */
    public AttributeMappings(Profile profile, Set<String> reserved) {
        this.profile = profile;
        this.reserved = Set.copyOf(reserved);
    }

    /**
     * @param explicit  the admin's mappings
     * @param annotated User Profile attribute name to the path its annotation gives
     * @throws MappingException naming every problem of the explicit mappings
     */
    public Result resolve(List<AttributeMapping> explicit, Map<String, String> annotated) {
        List<String> problems = new ArrayList<>();
        if (explicit.size() > MAX_MAPPINGS) {
            problems.add("At most " + MAX_MAPPINGS + " attribute mappings are allowed, not " + explicit.size() + ".");
        }
        Map<String, Entry> byKey = new LinkedHashMap<>();
        for (AttributeMapping mapping : explicit) {
            try {
                Entry entry = entry(mapping);
                // SCIM names are case-insensitive: githubHandle and GitHubHandle are one path.
                Entry before = byKey.putIfAbsent(entry.key().toLowerCase(Locale.ROOT), entry);
                if (before != null) {
                    problems.add("'" + entry.path() + "' is mapped twice (from '" + before.storage() + "' and '" + mapping.attribute() + "').");
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        UserAttributeCatalog catalog = UserAttributeCatalog.BUILT_IN.with(List.copyOf(byKey.values()));
        problems.addAll(storageClashes(catalog));
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, String> annotation : annotated.entrySet()) {
            String attribute = annotation.getKey();
            if (explicit.stream().anyMatch(m -> m.attribute().equals(attribute))) {
                continue;
            }
            try {
                Entry entry = entry(new AttributeMapping(attribute, annotation.getValue(), AttributeMapping.Direction.BOTH));
                if (byKey.containsKey(entry.key().toLowerCase(Locale.ROOT))) {
                    skipped.add(attribute + ": '" + entry.path() + "' is mapped explicitly.");
                    continue;
                }
                UserAttributeCatalog with = catalog.with(List.of(entry));
                List<String> clashes = storageClashes(with);
                if (!clashes.isEmpty()) {
                    skipped.add(attribute + ": " + String.join(" ", clashes));
                    continue;
                }
                byKey.put(entry.key().toLowerCase(Locale.ROOT), entry);
                catalog = with;
            } catch (IllegalArgumentException e) {
                skipped.add(attribute + ": " + e.getMessage());
            }
        }
        return new Result(catalog, skipped);
    }

    /**
     * The mappings that still hold on their own against the current User Profile, with later ones that clash with
     * an earlier one left out: what a tenant uses when the profile changed under mappings that were valid when saved.
     */
    public List<AttributeMapping> stillValid(List<AttributeMapping> mappings) {
        List<AttributeMapping> kept = new ArrayList<>();
        for (AttributeMapping mapping : mappings) {
            List<AttributeMapping> candidate = new ArrayList<>(kept);
            candidate.add(mapping);
            try {
                resolve(candidate, Map.of());
                kept.add(mapping);
            } catch (MappingException ignored) {
                // left out
            }
        }
        return kept;
    }

    /** One mapping as a catalog entry, or why it cannot be one. */
    private Entry entry(AttributeMapping mapping) {
        String name = mapping.attribute() == null ? "" : mapping.attribute().trim();
        String path = mapping.scimPath() == null ? "" : mapping.scimPath().trim();
        if (name.isEmpty() || path.isEmpty()) {
            throw new IllegalArgumentException("Each mapping needs a User Profile 'attribute' and a 'scimPath'.");
        }
        if (reserved.contains(name) || name.startsWith("scim")) {
            throw new IllegalArgumentException("'" + name + "' is kept by the SCIM server itself and cannot be mapped.");
        }
        ProfileAttribute attribute = profile.attribute(name).orElseThrow(() ->
                new IllegalArgumentException("The realm's User Profile has no attribute '" + name + "'."));
        if (mapping.direction() != AttributeMapping.Direction.FROM_KEYCLOAK && !attribute.adminEditable()) {
            throw new IllegalArgumentException("'" + name + "' is read-only in the realm's User Profile (administrators cannot edit it), "
                    + "so the identity provider cannot write it: map it with direction \"fromKeycloak\".");
        }
        AttrPath parsed;
        try {
            parsed = AttrPath.parse(path);
        } catch (AttributePathException e) {
            throw new IllegalArgumentException("'" + path + "' is not a SCIM attribute path.");
        }
        AttributeDefinition.Mutability mutability = mapping.direction().mutability();
        Returned returned = mutability == AttributeDefinition.Mutability.writeOnly ? Returned.never : Returned.DEFAULT;
        String urn = parsed.schemaUrn();
        if (urn != null && urn.equalsIgnoreCase(CoreSchemas.KEYCLOAK_USER)) {
            return extensionEntry(parsed, path, attribute, mutability, returned);
        }
        if (urn != null && !urn.equalsIgnoreCase(CoreSchemas.USER) && !urn.equalsIgnoreCase(CoreSchemas.ENTERPRISE_USER)) {
            throw new IllegalArgumentException("'" + path + "': the schema must be the core User, the enterprise User or "
                    + CoreSchemas.KEYCLOAK_USER + ".");
        }
        return takenOverEntry(parsed, path, attribute, mutability, returned);
    }

    /** A new attribute of the Keycloak extension, shaped as the User Profile attribute is. */
    private static Entry extensionEntry(AttrPath parsed, String path, ProfileAttribute attribute, AttributeDefinition.Mutability mutability,
                                        Returned returned) {
        if (parsed.subAttribute() != null) {
            throw new IllegalArgumentException("'" + path + "': attributes of " + CoreSchemas.KEYCLOAK_USER + " are simple; write its name without '.'.");
        }
        AttributeDefinition definition = AttributeDefinition.of(parsed.name(), attribute.type(),
                        "The User Profile attribute '" + attribute.name() + "' (" + attribute.displayName() + ").")
                .mutability(mutability).returned(returned);
        return new Entry(Place.EXTENSION, attribute.multiValued() ? definition.asMultiValued() : definition, attribute.name(),
                attribute.displayName());
    }

    /** A simple core or enterprise attribute of the built-in mapping, now kept in another User Profile attribute. */
    private static Entry takenOverEntry(AttrPath parsed, String path, ProfileAttribute attribute, AttributeDefinition.Mutability mutability,
                                        Returned returned) {
        boolean enterprise = parsed.schemaUrn() != null && parsed.schemaUrn().equalsIgnoreCase(CoreSchemas.ENTERPRISE_USER);
        Place place;
        String simpleName;
        if (enterprise) {
            place = parsed.subAttribute() == null ? Place.ENTERPRISE : null;
            simpleName = parsed.name();
        } else if (parsed.subAttribute() == null) {
            place = Place.CORE;
            simpleName = parsed.name();
        } else {
            place = parsed.name().equalsIgnoreCase("name") ? Place.NAME : null;
            simpleName = parsed.subAttribute();
        }
        Entry builtIn = (place == null ? java.util.stream.Stream.<Entry>empty() : UserAttributeCatalog.BUILT_IN.in(place).stream())
                .filter(e -> e.definition().is(simpleName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + path + "' is not a simple string attribute of the core or enterprise "
                        + "User schema. Map new attributes into " + CoreSchemas.KEYCLOAK_USER + ", for example " + CoreSchemas.KEYCLOAK_USER
                        + ":" + suggestedName(attribute.name()) + "."));
        if (attribute.multiValued()) {
            throw new IllegalArgumentException("'" + attribute.name() + "' is multi-valued in the User Profile, but '" + builtIn.path()
                    + "' holds one value: map it into " + CoreSchemas.KEYCLOAK_USER + ".");
        }
        return new Entry(builtIn.place(), builtIn.definition().mutability(mutability).returned(returned), attribute.name(), attribute.displayName());
    }

    private static String suggestedName(String attribute) {
        String cleaned = attribute.replaceAll("[^A-Za-z0-9_-]", "");
        return cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) ? "attribute" : cleaned;
    }

    /** A Keycloak attribute may back one SCIM attribute only, or two paths would overwrite each other. */
    private static List<String> storageClashes(UserAttributeCatalog catalog) {
        List<String> problems = new ArrayList<>();
        Map<String, Entry> byStorage = new HashMap<>();
        for (Entry entry : catalog.entries()) {
            Entry other = byStorage.putIfAbsent(entry.storage(), entry);
            if (other != null) {
                problems.add("The User Profile attribute '" + entry.storage() + "' would back both '" + other.path() + "' and '"
                        + entry.path() + "'; map it to one path (to move a built-in attribute, map its path instead).");
            }
        }
        return problems;
    }
}
