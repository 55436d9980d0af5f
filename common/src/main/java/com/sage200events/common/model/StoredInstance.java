package com.sage200events.common.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An element instance as kept in Redis. The configuration is the user's object as sent (and patched), so
 * unknown keys round-trip; {@link #settings()} derives the typed view.
 *
 * @param tokenHash SHA-256 of the instance token: the token itself is shown once and never stored
 */
public record StoredInstance(
        long id,
        String organization,
        String name,
        List<String> tags,
        Instant createdAt,
        InstanceStatus status,
        String statusReason,
        ObjectNode configuration,
        String tokenHash) {

    public StoredInstance {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public InstanceSettings settings() {
        return InstanceValidator.settings(configuration);
    }

    public StoredInstance withStatus(InstanceStatus newStatus, String reason) {
        return new StoredInstance(id, organization, name, tags, createdAt, newStatus, reason, configuration, tokenHash);
    }

    public StoredInstance withDetails(String newName, List<String> newTags) {
        return new StoredInstance(id, organization, newName, newTags, createdAt, status, statusReason, configuration, tokenHash);
    }

    public StoredInstance withConfiguration(ObjectNode newConfiguration) {
        return new StoredInstance(id, organization, name, tags, createdAt, status, statusReason, newConfiguration, tokenHash);
    }
}
