package com.sage200events.sandbox.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.schema.SchemaReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class ResourceStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-28T07:00:00.5Z");
    private static final Instant TODAY = Instant.parse("2026-11-28T00:00:00Z");

    private final ResourceStore customers = new ResourceStore(SchemaReader.load("customers"), EnumSet.allOf(Operation.class));

    @Test
    void aFreshRecordHasAValueOfTheRightTypeForEveryField() {
        StoredRecord record = customers.create(Map.of(), WriteMode.ADMIN, T0, TODAY);
        Map<String, Object> values = record.values();

        assertThat(values.keySet()).containsExactlyElementsOf(
                customers.schema().fields().fields().stream().map(f -> f.name()).toList());
        assertThat(values).containsEntry("id", record.id())
                .containsEntry("reference", "CUST" + record.id())
                .containsEntry("credit_limit", new BigDecimal("0.00"))
                .containsEntry("account_opened", TODAY)
                .containsEntry("date_time_created", T0)
                .containsEntry("date_time_updated", T0)
                .containsEntry("alerts", List.of());
        assertThat((Map<String, Object>) values.get("main_address")).containsEntry("customer_id", record.id()).containsEntry("date_time_created", T0);
        assertThat(new String(record.json())).contains("\"date_time_updated\":\"2026-11-28T07:00:00.5Z\"").contains("\"credit_limit\":0.00");
    }

    @Test
    void updateBumpsOnlyDateTimeUpdated() {
        StoredRecord created = customers.create(Map.of("name", "A"), WriteMode.ADMIN, T0, TODAY);
        Instant later = T0.plusSeconds(3);

        StoredRecord updated = customers.update(created.id(), Map.of("name", "B"), WriteMode.SAGE, later);

        assertThat(updated.values()).containsEntry("name", "B").containsEntry("date_time_created", T0).containsEntry("date_time_updated", later);
        assertThat(created.values()).as("older versions stay as they were").containsEntry("name", "A");
    }

    @Test
    void nestedObjectsMergeAndTheirStampsMove() {
        StoredRecord created = customers.create(Map.of("main_address", Map.of("city", "Leeds")), WriteMode.ADMIN, T0, TODAY);
        Instant later = T0.plusSeconds(1);

        StoredRecord updated = customers.update(created.id(), Map.of("main_address", Map.of("postcode", "LS1 1AA")), WriteMode.SAGE, later);

        assertThat((Map<String, Object>) updated.values().get("main_address"))
                .containsEntry("city", "Leeds").containsEntry("postcode", "LS1 1AA").containsEntry("date_time_updated", later);
    }

    @Test
    void valuesAreConvertedToTheSchemaType() {
        StoredRecord record = customers.create(Map.of("credit_limit", 12.345, "currency_id", 3, "next_credit_review", "2027-01-01"),
                WriteMode.ADMIN, T0, TODAY);

        assertThat(record.values()).containsEntry("credit_limit", new BigDecimal("12.35")).containsEntry("currency_id", 3L)
                .containsEntry("next_credit_review", Instant.parse("2027-01-01T00:00:00Z"));
        assertThatThrownBy(() -> customers.create(Map.of("on_hold", "yes"), WriteMode.ADMIN, T0, TODAY))
                .isInstanceOf(ApiError.class).hasMessageContaining("on_hold").hasMessageContaining("Edm.Boolean");
        assertThatThrownBy(() -> customers.create(Map.of("currency_id", 1.5), WriteMode.ADMIN, T0, TODAY)).hasMessageContaining("currency_id");
    }

    @Test
    void concurrentWritersGetDistinctIdsAndLoseNoRecord() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Long>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(pool.submit(() -> customers.create(Map.of(), WriteMode.ADMIN, T0, TODAY).id()));
            }
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Long> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(200);
            assertThat(customers.snapshot()).hasSize(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUpdateMovesTheRecordInTheStampOrderAndADeleteRemovesIt() {
        StoredRecord first = customers.create(Map.of(), WriteMode.ADMIN, T0, TODAY);
        StoredRecord second = customers.create(Map.of(), WriteMode.ADMIN, T0.plusSeconds(1), TODAY);
        customers.update(first.id(), Map.of("name", "later"), WriteMode.SAGE, T0.plusSeconds(2));

        assertThat(customers.oldest(2)).extracting(StoredRecord::id).containsExactly(second.id(), first.id());

        customers.delete(second.id());

        assertThat(customers.oldest(2)).extracting(StoredRecord::id).containsExactly(first.id());
        assertThat(customers.find(second.id())).isEmpty();
        assertThatThrownBy(() -> customers.delete(second.id())).isInstanceOf(ApiError.class).hasMessageContaining("No customer");
    }

    @Test
    void createAllGivesConsecutiveIdsAndTheStampsAsked() {
        List<StoredRecord> created = customers.createAll(3, i -> Map.of("name", "N" + i), i -> T0.plusMillis(i), TODAY);

        assertThat(created).extracting(StoredRecord::id).containsExactly(created.get(0).id(), created.get(0).id() + 1, created.get(0).id() + 2);
        assertThat(created.get(2).values()).containsEntry("name", "N2").containsEntry("date_time_updated", T0.plusMillis(2))
                .containsEntry("date_time_created", T0.plusMillis(2));
        assertThat(customers.size()).isEqualTo(3);
    }

    @Test
    void sageWritesLongerThanTheSchemaAllowsAreRefusedAndDefaultsAreCutToFit() {
        assertThatThrownBy(() -> customers.create(Map.of("reference", "TOOLONG01", "name", "x"), WriteMode.SAGE, T0, TODAY))
                .isInstanceOf(ApiError.class).hasMessageContaining("reference").hasMessageContaining("maximum length of 8");
        assertThat(RecordFactory.fitted("CUST{id}", 10_001, 8)).isEqualTo("CUS10001");
        assertThat(RecordFactory.fitted("CUST{id}", 1_001, 8)).isEqualTo("CUST1001");
        assertThat(RecordFactory.fitted("CUST{id}", 123_456_789, 8)).isEqualTo("23456789");
        assertThat(RecordFactory.fitted("Sandbox Customer {id}", 10_001, 60)).isEqualTo("Sandbox Customer 10001");
    }

    @Test
    void idsKeepIncreasingAcrossAClear() {
        long first = customers.create(Map.of(), WriteMode.ADMIN, T0, TODAY).id();
        customers.clear();

        assertThat(customers.create(Map.of(), WriteMode.ADMIN, T0, TODAY).id()).isGreaterThan(first);
        assertThat(customers.snapshot()).hasSize(1);
    }
}
