package com.sage200events.sandbox.internal.activity;

import com.sage200events.sandbox.ActivityConfig;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageTime;
import com.sage200events.sandbox.internal.store.ResourceCatalog;
import com.sage200events.sandbox.internal.store.ResourceStore;
import com.sage200events.sandbox.internal.store.SalesPosting;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Makes one change at a time, every choice drawn from one seeded generator: which resource, create or
 * update, which record, which fields, which values. Stamps come from Sage's clock, shared by
 * {@code recordsPerStamp} consecutive writes and pushed {@code lateBy} into the past for a share of them.
 * Not thread-safe on its own: {@link ActivityRunner} and the synchronous runs call it one at a time.
 */
public final class ActivityGenerator {

    private final ActivityConfig config;
    private final ResourceCatalog catalog;
    private final SalesPosting sales;
    private final Clock sageClock;
    private final Random random;
    private final Map<String, FieldMutator> mutators = new HashMap<>();
    private Instant sharedStamp;
    private int stampUses;
    private long serial;
    private long creates;
    private long updates;

    /** @throws IllegalArgumentException when a configured resource is not served */
    public ActivityGenerator(ActivityConfig config, ResourceCatalog catalog, SalesPosting sales, Clock sageClock) {
        for (String resource : config.resources()) {
            if (catalog.store(resource).isEmpty()) {
                throw new IllegalArgumentException("unknown resource '" + resource + "'; the sandbox serves " + catalog.names());
            }
        }
        this.config = config;
        this.catalog = catalog;
        this.sales = sales;
        this.sageClock = sageClock;
        this.random = new Random(config.seed());
    }

    public ActivityConfig config() {
        return config;
    }

    public long creates() {
        return creates;
    }

    public long updates() {
        return updates;
    }

    /** One create or update. */
    public void step() {
        List<String> resources = config.resources();
        ResourceStore store = store(resources.get(random.nextInt(resources.size())));
        boolean create = store.size() == 0 || random.nextDouble() < config.createShare();
        Instant stamp = stamp();
        serial++;
        if (create) {
            create(store, stamp);
            creates++;
        } else {
            StoredRecord target = store.pick(random).orElseThrow();
            Map<String, Object> edit = mutator(store).edit(random, serial);
            // An update that changes nothing still moves date_time_updated, as a save in Sage's UI does.
            store.update(target.id(), edit, WriteMode.SAGE, stamp);
            updates++;
        }
    }

    private void create(ResourceStore store, Instant stamp) {
        Instant today = SageTime.today(sageClock);
        switch (store.resource()) {
            case "sales_posted_transactions" -> postTransaction(stamp, today);
            case "sop_orders" -> store.create(withLinks("customer_id", "customers"), WriteMode.ADMIN, stamp, today);
            case "warehouse_holdings" -> store.create(withLinks("warehouse_id", "warehouses", "product_id", "products"),
                    WriteMode.ADMIN, stamp, today);
            default -> store.create(mutator(store).edit(random, serial), WriteMode.ADMIN, stamp, today);
        }
    }

    /** Half invoices, half receipts, against a customer that exists (one is created first when none does). */
    private void postTransaction(Instant stamp, Instant today) {
        ResourceStore customers = store("customers");
        long customerId = customers.pick(random)
                .orElseGet(() -> customers.create(Map.of(), WriteMode.ADMIN, stamp, today)).id();
        BigDecimal value = BigDecimal.valueOf(100 + random.nextInt(500_000), 2);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId);
        body.put("reference", "ACT" + serial);
        if (random.nextBoolean()) {
            body.put("document_goods_value", value);
            body.put("document_tax_value", value.divide(BigDecimal.valueOf(5), 2, java.math.RoundingMode.HALF_UP));
            sales.invoice(body, stamp, today);
        } else {
            body.put("bank_id", 1L);
            body.put("cheque_value", value);
            sales.receipt(body, stamp, today);
        }
    }

    /**
     * Ids of existing records for link fields given as (field, resource) pairs, so new orders and holdings
     * point somewhere real. Pairs, not a map: the draws must happen in one fixed order for a seed to replay.
     */
    private Map<String, Object> withLinks(String... fieldAndResource) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldAndResource.length; i += 2) {
            String field = fieldAndResource[i];
            Optional<StoredRecord> target = store(fieldAndResource[i + 1]).pick(random);
            target.ifPresent(record -> fields.put(field, record.id()));
        }
        return fields;
    }

    private Instant stamp() {
        if (stampUses == 0) {
            sharedStamp = SageTime.now(sageClock);
            stampUses = config.recordsPerStamp();
        }
        stampUses--;
        Instant stamp = sharedStamp;
        if (config.lateShare() > 0 && random.nextDouble() < config.lateShare()) {
            stamp = stamp.minus(config.lateBy());
        }
        return stamp;
    }

    private ResourceStore store(String resource) {
        return catalog.store(resource).orElseThrow(() -> ApiError.notFound("Unknown resource '" + resource + "'."));
    }

    private FieldMutator mutator(ResourceStore store) {
        return mutators.computeIfAbsent(store.resource(), r -> new FieldMutator(store.schema()));
    }
}
