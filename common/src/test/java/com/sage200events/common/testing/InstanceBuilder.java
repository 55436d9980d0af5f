package com.sage200events.common.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.StoredInstance;
import java.time.Instant;
import java.util.List;

/**
 * Test data: a {@link StoredInstance} with sensible defaults (an ACTIVE instance of the {@code default}
 * organization, created a second ago, polling customers with the manual's where clause), changed only where a test
 * cares, instead of the record's nine positional arguments: {@code anInstance().withId(7).withCallback(url).build()}.
 */
public final class InstanceBuilder {

    private long id = 1;
    private String organization = "default";
    private String name;
    private List<String> tags = List.of();
    private Instant createdAt = Instant.now().minusSeconds(1);
    private InstanceStatus status = InstanceStatus.ACTIVE;
    private String statusReason;
    private ObjectNode configuration = (ObjectNode) Json.tree("""
            {"oauth.api.key": "client", "oauth.api.secret": "secret", "subscription.key": "sub", "signing.key": "sign",
             "company.name": "Cloud-Elements Demodata", "event.notification.enabled": true,
             "event.notification.callback.url": "http://localhost:1/unused",
             "event.poller.configuration": {"customers": {
               "url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id"}}}""");
    private String tokenHash;

    private InstanceBuilder() {
    }

    public static InstanceBuilder anInstance() {
        return new InstanceBuilder();
    }

    /** Starts from a stored record, e.g. to change one field of it. */
    public static InstanceBuilder from(StoredInstance stored) {
        InstanceBuilder b = new InstanceBuilder();
        b.id = stored.id();
        b.organization = stored.organization();
        b.name = stored.name();
        b.tags = stored.tags();
        b.createdAt = stored.createdAt();
        b.status = stored.status();
        b.statusReason = stored.statusReason();
        b.configuration = stored.configuration();
        b.tokenHash = stored.tokenHash();
        return b;
    }

    public InstanceBuilder withId(long newId) {
        this.id = newId;
        return this;
    }

    public InstanceBuilder withOrganization(String newOrganization) {
        this.organization = newOrganization;
        return this;
    }

    public InstanceBuilder withName(String newName) {
        this.name = newName;
        return this;
    }

    public InstanceBuilder withTags(List<String> newTags) {
        this.tags = newTags;
        return this;
    }

    public InstanceBuilder createdAt(Instant at) {
        this.createdAt = at;
        return this;
    }

    public InstanceBuilder withStatus(InstanceStatus newStatus) {
        this.status = newStatus;
        return this;
    }

    /** The whole configuration object (the user's {@code configuration} as sent). */
    public InstanceBuilder withConfiguration(ObjectNode newConfiguration) {
        this.configuration = newConfiguration.deepCopy();
        return this;
    }

    public InstanceBuilder withCallback(String url) {
        configuration.put("event.notification.callback.url", url);
        return this;
    }

    /** Polls only {@code resource}, with {@code pollerJson} as its entry of {@code event.poller.configuration}. */
    public InstanceBuilder polling(String resource, String pollerJson) {
        configuration.putObject("event.poller.configuration").set(resource, Json.tree(pollerJson));
        return this;
    }

    public InstanceBuilder withTokenHash(String hash) {
        this.tokenHash = hash;
        return this;
    }

    public StoredInstance build() {
        return new StoredInstance(id, organization, name == null ? "test-" + id : name, tags, createdAt, status, statusReason,
                configuration, tokenHash);
    }
}
