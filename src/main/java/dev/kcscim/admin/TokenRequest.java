package dev.kcscim.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A validated request to create a token: {@code {"name": "okta", "expiresAt": "2027-01-01T00:00:00Z"}}. */
record TokenRequest(String name, Instant expiresAt) {

    static final int MAX_NAME_LENGTH = 64;

    static TokenRequest parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw AdminErrors.badRequest("Expected a JSON object such as {\"name\": \"okta\"}.");
        }
        JsonNode nameNode = body.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
            throw AdminErrors.badRequest("A token needs a 'name', such as \"okta\".");
        }
        String name = nameNode.asText().trim();
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw AdminErrors.badRequest("A token name is at most " + MAX_NAME_LENGTH + " printable characters.");
        }
        Instant expiresAt = null;
        JsonNode expiresNode = body.get("expiresAt");
        if (expiresNode != null && !expiresNode.isNull()) {
            expiresAt = parseInstant(expiresNode);
            if (!expiresAt.isAfter(now)) {
                throw AdminErrors.badRequest("'expiresAt' must be in the future.");
            }
        }
        return new TokenRequest(name, expiresAt);
    }

    /** ISO-8601 date-time with an offset, or a plain date meaning the start of that day in UTC. */
    private static Instant parseInstant(JsonNode node) {
        if (!node.isTextual()) {
            throw AdminErrors.badRequest("'expiresAt' must be an ISO-8601 string such as \"2027-01-31T00:00:00Z\".");
        }
        String text = node.asText().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw AdminErrors.badRequest("'expiresAt' is not an ISO-8601 date-time: \"" + text + "\".");
            }
        }
    }
}
