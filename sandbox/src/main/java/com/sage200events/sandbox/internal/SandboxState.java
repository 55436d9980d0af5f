package com.sage200events.sandbox.internal;

import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxSite;
import com.sage200events.sandbox.internal.auth.TokenService;
import com.sage200events.sandbox.internal.store.ResourceCatalog;
import com.sage200events.sandbox.internal.store.ResourceStore;
import com.sage200events.sandbox.internal.store.SeedData;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the sandbox knows, apart from HTTP: Sage's clock, sites, tokens, records, request log. */
public final class SandboxState {

    private final SandboxConfig config;
    private final Clock sageClock;
    private final TokenService tokens;
    private final ResourceCatalog catalog = ResourceCatalog.standard();
    private final RequestLog requests;

    public SandboxState(SandboxConfig config) {
        this.config = config;
        this.sageClock = Clock.offset(config.clock(), config.clockOffset());
        this.tokens = new TokenService(sageClock, config.accessTokenLifetime());
        this.requests = new RequestLog(config.requestLogSize());
        reset();
    }

    /** Drops every record and reloads the default data (when configured). Tokens stay valid. */
    public void reset() {
        catalog.clear();
        if (config.seedData()) {
            SeedData.load(catalog, now(), SageTime.today(sageClock));
        }
    }

    /** The current time on Sage's clock (the configured clock plus its offset), to the millisecond. */
    public Instant now() {
        return SageTime.now(sageClock);
    }

    public Clock sageClock() {
        return sageClock;
    }

    public TokenService tokens() {
        return tokens;
    }

    public RequestLog requests() {
        return requests;
    }

    public List<SandboxSite> sites() {
        return config.sites();
    }

    public Optional<ResourceStore> store(String resource) {
        return catalog.store(resource);
    }

    /** @throws ApiError 404 for a resource the sandbox does not serve */
    public ResourceStore requireStore(String resource) {
        return catalog.store(resource).orElseThrow(() -> ApiError.notFound("Unknown resource '" + resource + "'."));
    }

    public StoredRecord create(String resource, Map<String, Object> fields, WriteMode mode) {
        return requireStore(resource).create(fields, mode, now(), SageTime.today(sageClock));
    }

    public StoredRecord update(String resource, long id, Map<String, Object> fields, WriteMode mode) {
        return requireStore(resource).update(id, fields, mode, now());
    }
}
