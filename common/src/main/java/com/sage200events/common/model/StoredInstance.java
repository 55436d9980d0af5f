package com.sage200events.common.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An element instance as kept in Redis. The configuration is the user's object as sent (and patched), so
 * unknown keys round-trip; {@link #settings()} derives the typed view.
 *
 * @param tokenHash SHA-256 of the instance token: the token itself is shown once and never stored
 * @param version how many times the stored record was written: compare-and-set writes check it (DESIGN.md §7),
 *     and it is serialized first so Redis scripts can read it without parsing the document; 0 before the first save
 */
@JsonPropertyOrder({"version"})
public record StoredInstance(
        long id,
        String organization,
        String name,
        List<String> tags,
        Instant createdAt,
        InstanceStatus status,
        String statusReason,
        ObjectNode configuration,
        String tokenHash,
        long version) {

    public StoredInstance {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A record not saved yet (version 0). */
    public StoredInstance(long id, String organization, String name, List<String> tags, Instant createdAt, InstanceStatus status,
                          String statusReason, ObjectNode configuration, String tokenHash) {
        this(id, organization, name, tags, createdAt, status, statusReason, configuration, tokenHash, 0);
    }

    /**
     * The typed view of the configuration. Validation ran when the configuration was written; a stored version is
     * parsed once per process and shared ({@link ParsedSettings}), not on every slot, poll and cache refill.
     *
     * @throws ValidationException when the configuration is invalid (only possible for records written before a rule)
     */
    public InstanceSettings settings() {
        return ParsedSettings.of(this);
    }

    /** The same record as stored at {@code newVersion}. */
    public StoredInstance atVersion(long newVersion) {
        return new StoredInstance(id, organization, name, tags, createdAt, status, statusReason, configuration, tokenHash, newVersion);
    }

    public StoredInstance withStatus(InstanceStatus newStatus, String reason) {
        return new StoredInstance(id, organization, name, tags, createdAt, newStatus, reason, configuration, tokenHash, version);
    }

    public StoredInstance withDetails(String newName, List<String> newTags) {
        return new StoredInstance(id, organization, newName, newTags, createdAt, status, statusReason, configuration, tokenHash, version);
    }

    public StoredInstance withConfiguration(ObjectNode newConfiguration) {
        return new StoredInstance(id, organization, name, tags, createdAt, status, statusReason, newConfiguration, tokenHash, version);
    }
}
