package com.sage200events.sandbox.internal;

import com.sage200events.sandbox.ActivityConfig;
import com.sage200events.sandbox.PageHook;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxSite;
import com.sage200events.sandbox.SeedResult;
import com.sage200events.sandbox.SeedSpec;
import com.sage200events.sandbox.internal.activity.ActivityGenerator;
import com.sage200events.sandbox.internal.activity.ActivityRunner;
import com.sage200events.sandbox.internal.auth.TokenService;
import com.sage200events.sandbox.internal.faults.FaultRegistry;
import com.sage200events.sandbox.internal.hooks.PageHookRegistry;
import com.sage200events.sandbox.internal.store.ChangeLog;
import com.sage200events.sandbox.internal.store.ResourceCatalog;
import com.sage200events.sandbox.internal.store.ResourceStore;
import com.sage200events.sandbox.internal.store.SalesPosting;
import com.sage200events.sandbox.internal.store.SeedData;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the sandbox knows, apart from HTTP: Sage's clock, sites, tokens, records, the request log,
 * and the ways it can be made to misbehave (faults, page hooks, background activity).
 */
public final class SandboxState implements AutoCloseable {

    private final SandboxConfig config;
    private final SageClock sageClock;
    private final TokenService tokens;
    private final ChangeLog changes;
    private final ResourceCatalog catalog;
    private final SalesPosting sales;
    private final RequestLog requests;
    private final FaultRegistry faults = new FaultRegistry();
    private final PageHookRegistry hooks = new PageHookRegistry();
    private final ActivityRunner activity;

    public SandboxState(SandboxConfig config) {
        this.config = config;
        this.sageClock = new SageClock(config.clock(), config.clockOffset());
        this.changes = new ChangeLog(config.clock(), ChangeLog.DEFAULT_CAPACITY);
        this.catalog = ResourceCatalog.standard(changes);
        this.sales = new SalesPosting(catalog);
        this.tokens = new TokenService(sageClock, config.accessTokenLifetime());
        this.requests = new RequestLog(config.requestLogSize());
        this.activity = new ActivityRunner(this::generator);
        reset();
    }

    /**
     * Back to the start: the default data (when configured), no faults, no hooks, no activity, the
     * configured clock offset. Tokens stay valid and id sequences continue.
     */
    public void reset() {
        activity.stop();
        faults.clear();
        hooks.clear();
        sageClock.setOffset(config.clockOffset());
        catalog.clear();
        if (config.seedData()) {
            SeedData.load(catalog, now(), SageTime.today(sageClock));
        }
    }

    /** The current time on Sage's clock (the configured clock plus its offset), to the millisecond. */
    public Instant now() {
        return SageTime.now(sageClock);
    }

    public SageClock sageClock() {
        return sageClock;
    }

    public TokenService tokens() {
        return tokens;
    }

    public RequestLog requests() {
        return requests;
    }

    public FaultRegistry faults() {
        return faults;
    }

    public PageHookRegistry hooks() {
        return hooks;
    }

    public ActivityRunner activity() {
        return activity;
    }

    public List<SandboxSite> sites() {
        return config.sites();
    }

    /** Every create and update since the start (a {@link #reset()} does not clear it), for reckonings. */
    public ChangeLog changes() {
        return changes;
    }

    public List<String> resources() {
        return catalog.names();
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

    public StoredRecord delete(String resource, long id) {
        return requireStore(resource).delete(id);
    }

    /** Brings a deleted record back under its id, stamped now (see {@link ResourceStore#restore}). */
    public StoredRecord restore(String resource, long id) {
        return requireStore(resource).restore(id, now());
    }

    public StoredRecord postSalesInvoice(Map<String, Object> body) {
        return sales.invoice(body, now(), SageTime.today(sageClock));
    }

    public StoredRecord postSalesReceipt(Map<String, Object> body) {
        return sales.receipt(body, now(), SageTime.today(sageClock));
    }

    /** @throws ApiError 404 for an unknown resource, 400 for fields that do not fit it */
    public SeedResult seed(SeedSpec spec) {
        ResourceStore store = requireStore(spec.resource());
        Instant first = spec.firstStamp() != null ? spec.firstStamp() : now();
        List<StoredRecord> created = store.createAll(spec.count(), i -> spec.fields(), i -> spec.stampOf(first, i),
                SageTime.today(sageClock));
        return new SeedResult(spec.resource(), created.size(), created.get(0).id(), created.get(created.size() - 1).id());
    }

    /**
     * Adds a hook that updates the records it names (or the oldest ones) with its fields when it fires.
     *
     * @throws ApiError 404 for an unknown resource, 400 when the hook names no records
     */
    public String addPageHook(PageHook hook) {
        ResourceStore store = requireStore(hook.resource());
        if (hook.ids().isEmpty() && hook.oldest() == 0) {
            throw ApiError.badRequest("A page hook must name the records it updates: ids, or a number of oldest records.");
        }
        return hooks.add(hook, () -> {
            List<Long> targets = hook.ids().isEmpty() ? store.oldest(hook.oldest()).stream().map(StoredRecord::id).toList()
                    : hook.ids();
            Instant now = now();
            List<String> missing = new ArrayList<>();
            for (long id : targets) {
                if (store.find(id).isEmpty()) {
                    missing.add(Long.toString(id));
                    continue;
                }
                store.update(id, hook.fields(), WriteMode.ADMIN, now);
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("no " + hook.resource() + " with id " + String.join(", ", missing));
            }
        });
    }

    /** Adds a hook that runs Java code when it fires. */
    public String addPageHook(String resource, int afterRequests, PageHook.Match match, Runnable action) {
        requireStore(resource);
        PageHook description = new PageHook(resource, afterRequests, match, List.of(), 0, Map.of());
        return hooks.add(description, action);
    }

    @Override
    public void close() {
        activity.close();
    }

    private ActivityGenerator generator(ActivityConfig activityConfig) {
        return new ActivityGenerator(activityConfig, catalog, sales, sageClock);
    }
}
