package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.sandbox.PageHook;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import com.sage200events.worker.WorkerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Issue 17, input 5, as a kind: an instance deleted while its poll is in flight leaves no key behind once the poll
 * ends, whichever step the delete lands on (between two pages, or before the lease is taken), and the worker does
 * not write its cursor, seen set, lease or status back. Deletion here is what {@code DELETE /instances/{id}} does to
 * the worker's state: the instance record and every per-resource key.
 */
class DeletedInstanceIT {

    private WorkerFixture fixture;
    private KafkaProducer<String, byte[]> producer;

    /**
     * A Redis database of its own: the key scan then costs what this test wrote, not what the shared server holds.
     */
    private static final String OWN_DATABASE = TestRedis.endpoint().uri() + "/13";

    @BeforeEach
    void start() {
        fixture = new WorkerFixture(SandboxConfig.defaults().withSeedData(false), 2, OWN_DATABASE);
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "deleted-instance", Map.of());
    }

    @AfterEach
    void stop() {
        producer.close();
        fixture.close();
    }

    @ParameterizedTest(name = "deleted after list request {0}")
    @ValueSource(ints = {1, 2, 3})
    void aDeleteDuringAPollLeavesNoKeyOfTheInstance(int afterRequest) throws Exception {
        long instanceId = fixture.activeInstance(WorkerFixture.customersEvery(3));
        for (int i = 0; i < 10; i++) {
            fixture.sandbox.create("customers", Map.of("name", "Customer " + i));
        }
        ResourcePollRunner runner = fixture.runner(WorkerConfig.defaults(), producer, fixture.eventsTopic("events"));
        CountDownLatch deleted = new CountDownLatch(1);
        fixture.sandbox.afterListRequests("customers", afterRequest, PageHook.Match.ANY, () -> {
            deleteAsTheApiDoes(instanceId);
            deleted.countDown();
        });

        CompletableFuture.runAsync(() -> runner.run(PollTask.manual(instanceId, "customers", Instant.now()))).get(60, TimeUnit.SECONDS);

        assertThat(deleted.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(keysOf(instanceId)).as("keys left by the deleted instance").isEmpty();
        runner.run(PollTask.manual(instanceId, "customers", Instant.now()));
        assertThat(keysOf(instanceId)).as("keys after a late task of the deleted instance").isEmpty();
    }

    private void deleteAsTheApiDoes(long instanceId) {
        InstanceRepository instances = new InstanceRepository(fixture.redis, fixture.keys);
        instances.delete(instances.find(instanceId).orElseThrow());
        fixture.redis.del(fixture.keys.cursor(instanceId, "customers"), fixture.keys.seen(instanceId, "customers"),
                fixture.keys.lease(instanceId, "customers"), fixture.keys.status(instanceId, "customers"),
                fixture.keys.pending(instanceId, "customers"), fixture.keys.sageTokens(instanceId));
    }

    /** Every key under the fixture's prefix that names the instance, as {@code {id}} or {@code {id:resource}}. */
    private List<String> keysOf(long instanceId) {
        List<String> found = new ArrayList<>();
        for (String pattern : List.of(fixture.prefix + "*{" + instanceId + "}*", fixture.prefix + "*{" + instanceId + ":*")) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = fixture.redis.scan(cursor, new ScanParams().match(pattern).count(1000));
                found.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        return found;
    }
}
