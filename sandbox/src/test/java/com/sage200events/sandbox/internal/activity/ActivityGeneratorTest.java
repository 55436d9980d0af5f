package com.sage200events.sandbox.internal.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.sandbox.ActivityConfig;
import com.sage200events.sandbox.internal.store.ResourceCatalog;
import com.sage200events.sandbox.internal.store.ResourceStore;
import com.sage200events.sandbox.internal.store.SalesPosting;
import com.sage200events.sandbox.internal.store.SeedData;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ActivityGeneratorTest {

    private static final Instant T0 = Instant.parse("2026-11-28T07:00:00Z");

    @Test
    void theSameSeedMakesTheSameChangesAndAnotherSeedOthers() {
        Map<String, String> first = ledgerAfter(150, ActivityConfig.defaults().withSeed(7));
        Map<String, String> again = ledgerAfter(150, ActivityConfig.defaults().withSeed(7));
        Map<String, String> other = ledgerAfter(150, ActivityConfig.defaults().withSeed(8));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void operationsSpreadOverEveryResourceAtTheConfiguredCreateShare() {
        ResourceCatalog catalog = seeded();
        ActivityGenerator generator = generator(catalog, ActivityConfig.defaults().withCreateShare(0.3), new MutableClock(T0));
        Map<String, Integer> before = sizes(catalog);

        for (int i = 0; i < 200; i++) {
            generator.step();
        }

        assertThat(generator.creates() + generator.updates()).isEqualTo(200);
        assertThat(generator.creates()).isBetween(40L, 80L);
        assertThat(sizes(catalog)).isNotEqualTo(before);
        for (String resource : ActivityConfig.ALL_RESOURCES) {
            // The seed data is stamped a minute ago; whatever the generator wrote carries the clock's T0.
            assertThat(catalog.store(resource).orElseThrow().snapshot()).as(resource).anyMatch(r -> r.updated().equals(T0));
        }
    }

    @Test
    void consecutiveWritesShareAStampWhenAsked() {
        ResourceCatalog catalog = ResourceCatalog.standard();
        ActivityGenerator generator = generator(catalog, ActivityConfig.defaults().withResources(List.of("customers"))
                .withCreateShare(1).withRecordsPerStamp(4), MutableClock.ticking(T0));

        for (int i = 0; i < 40; i++) {
            generator.step();
        }

        Map<Instant, Long> perStamp = catalog.store("customers").orElseThrow().snapshot().stream()
                .collect(Collectors.groupingBy(StoredRecord::updated, Collectors.counting()));
        assertThat(perStamp).hasSize(10);
        assertThat(perStamp.values()).containsOnly(4L);
    }

    @Test
    void lateWritesAreStampedInThePast() {
        ResourceCatalog catalog = ResourceCatalog.standard();
        ActivityGenerator generator = generator(catalog, ActivityConfig.defaults().withResources(List.of("products"))
                .withCreateShare(1).withLateWrites(0.5, Duration.ofMinutes(5)), new MutableClock(T0));

        for (int i = 0; i < 100; i++) {
            generator.step();
        }

        Map<Instant, Long> perStamp = catalog.store("products").orElseThrow().snapshot().stream()
                .collect(Collectors.groupingBy(StoredRecord::updated, Collectors.counting()));
        assertThat(perStamp.keySet()).containsExactlyInAnyOrder(T0, T0.minus(Duration.ofMinutes(5)));
        assertThat(perStamp.get(T0.minus(Duration.ofMinutes(5)))).isBetween(30L, 70L);
    }

    @Test
    void postedTransactionsAreInvoicesAndReceiptsOfExistingCustomers() {
        ResourceCatalog catalog = ResourceCatalog.standard();
        ActivityGenerator generator = generator(catalog, ActivityConfig.defaults().withResources(List.of("sales_posted_transactions"))
                .withCreateShare(1), new MutableClock(T0));

        for (int i = 0; i < 30; i++) {
            generator.step();
        }

        List<StoredRecord> transactions = catalog.store("sales_posted_transactions").orElseThrow().snapshot();
        ResourceStore customers = catalog.store("customers").orElseThrow();
        assertThat(transactions).hasSize(30);
        assertThat(transactions).extracting(t -> t.values().get("trader_transaction_type"))
                .containsOnly(SalesPosting.INVOICE, SalesPosting.RECEIPT).contains(SalesPosting.INVOICE, SalesPosting.RECEIPT);
        assertThat(transactions).allSatisfy(t -> assertThat(customers.find((Long) t.values().get("customer_id"))).isPresent());
    }

    @Test
    void updatesOfPostedTransactionsTouchOnlyWhatSageLetsAUserChange() {
        ResourceCatalog catalog = seeded();
        Map<Long, Map<String, Object>> before = catalog.store("sales_posted_transactions").orElseThrow().snapshot().stream()
                .collect(Collectors.toMap(StoredRecord::id, StoredRecord::values));
        ActivityGenerator generator = generator(catalog, ActivityConfig.defaults().withResources(List.of("sales_posted_transactions"))
                .withCreateShare(0), new MutableClock(T0));

        for (int i = 0; i < 20; i++) {
            generator.step();
        }

        for (StoredRecord after : catalog.store("sales_posted_transactions").orElseThrow().snapshot()) {
            Set<String> changed = after.values().keySet().stream()
                    .filter(k -> !java.util.Objects.equals(after.values().get(k), before.get(after.id()).get(k)))
                    .collect(Collectors.toSet());
            assertThat(changed).isSubsetOf("queried", "date_time_updated");
        }
    }

    @Test
    void anUnknownResourceIsRefused() {
        assertThatThrownBy(() -> generator(ResourceCatalog.standard(), ActivityConfig.defaults().withResources(List.of("invoices")),
                new MutableClock(T0))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invoices");
    }

    private static Map<String, String> ledgerAfter(int operations, ActivityConfig config) {
        ResourceCatalog catalog = seeded();
        ActivityGenerator generator = generator(catalog, config, new MutableClock(T0));
        for (int i = 0; i < operations; i++) {
            generator.step();
        }
        return catalog.stores().stream().collect(Collectors.toMap(ResourceStore::resource,
                s -> s.snapshot().stream().map(r -> new String(r.json())).collect(Collectors.joining(","))));
    }

    private static ResourceCatalog seeded() {
        ResourceCatalog catalog = ResourceCatalog.standard();
        SeedData.load(catalog, T0.minusSeconds(60), T0.truncatedTo(java.time.temporal.ChronoUnit.DAYS));
        return catalog;
    }

    private static Map<String, Integer> sizes(ResourceCatalog catalog) {
        return catalog.stores().stream().collect(Collectors.toMap(ResourceStore::resource, ResourceStore::size));
    }

    private static ActivityGenerator generator(ResourceCatalog catalog, ActivityConfig config, Clock clock) {
        return new ActivityGenerator(config, catalog, new SalesPosting(catalog), clock);
    }
}
