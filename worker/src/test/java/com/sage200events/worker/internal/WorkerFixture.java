package com.sage200events.worker.internal;

import static com.sage200events.common.testing.InstanceBuilder.anInstance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.common.sage.SageRetry;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.testkit.RecordContract;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import redis.clients.jedis.JedisPooled;

/**
 * What a worker test needs around it: a sandbox as Sage, Redis and the broker with a unique prefix, and
 * authorized instances written straight into Redis (no scheduler involved).
 */
final class WorkerFixture implements AutoCloseable {

    final String prefix = TestKafka.uniquePrefix();
    final RedisKeys keys = new RedisKeys(prefix);
    final Sandbox sandbox;
    final JedisPooled redis;

    /** The typed stores over this fixture's Redis and key prefix. */
    RedisStores stores() {
        return RedisStores.wrap(redis, keys);
    }
    final ServiceEnvironment env;

    WorkerFixture(SandboxConfig sandboxConfig, int partitions) {
        this(sandboxConfig, partitions, TestRedis.endpoint().uri());
    }

    /** As above, on the Redis at {@code redisUri} (e.g. a database of its own, for tests that scan the keyspace). */
    WorkerFixture(SandboxConfig sandboxConfig, int partitions, String redisUri) {
        this.sandbox = Sandbox.start(sandboxConfig);
        this.redis = RedisClients.pooled(redisUri);
        this.env = new ServiceEnvironment(TestKafka.bootstrapServers(), redisUri, prefix, prefix, endpoints(), partitions, (short) 1);
    }

    /**
     * A sandbox without its default records: they are stamped when it starts, moments before the test's
     * instance, so they would rightly count as changes; every test creates the records it expects.
     */
    WorkerFixture() {
        this(SandboxConfig.defaults().withSeedData(false), 2);
    }

    SageEndpoints endpoints() {
        return new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null);
    }

    /**
     * Sessions that wait out Sage's short refusals as production does, but spend a tenth of each {@code Retry-After}:
     * the sandbox's faults count requests, not time, so only the test's length changes.
     */
    SageSessions sessions() {
        return sessions(new SageRetry(3, Duration.ofSeconds(30), FAST_PAUSE));
    }

    SageSessions sessions(SageRetry retry) {
        return new SageSessions(stores(), endpoints(), Duration.ofSeconds(10), retry, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    static final SageRetry.Pause FAST_PAUSE = duration -> Thread.sleep(duration.toMillis() / 10);

    /** An ACTIVE instance created {@code createdAt}, polling customers with {@code pollerEntry}, with Sage tokens. */
    long activeInstance(String pollerEntry, Instant createdAt) {
        return activeInstance("customers", pollerEntry, createdAt);
    }

    /** An ACTIVE instance created {@code createdAt}, polling one hub {@code resource} with {@code pollerEntry}, with Sage tokens. */
    long activeInstance(String resource, String pollerEntry, Instant createdAt) {
        ObjectNode configuration = (ObjectNode) Json.tree("""
                {"oauth.api.key": "client", "oauth.api.secret": "secret", "subscription.key": "sub", "signing.key": "sign",
                 "company.name": "Cloud-Elements Demodata", "event.notification.enabled": true,
                 "event.notification.callback.url": "http://localhost:1/unused",
                 "event.poller.configuration": {"%s": %s}}""".formatted(resource, pollerEntry));
        InstanceRepository instances = new InstanceRepository(redis, keys);
        long id = instances.nextId();
        instances.create(anInstance().withId(id).withOrganization("test").createdAt(createdAt).withConfiguration(configuration).build());
        try {
            new SageTokenStore(redis, keys).save(id, new SageIdClient(HttpClient.newHttpClient(), endpoints(), Clock.systemUTC())
                    .exchangeCode("client", "secret", authorizationCode(), "http://localhost/cb"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return id;
    }

    long activeInstance(String pollerEntry) {
        return activeInstance(pollerEntry, Instant.now().minusSeconds(1));
    }

    static String customersEvery(int pageSize) {
        return """
                {"url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id",
                 "pageSize": %d}""".formatted(pageSize);
    }

    private String authorizationCode() {
        try {
            HttpResponse<Void> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                            + "/authorize?response_type=code&client_id=client&redirect_uri=http://localhost/cb&state=s")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return redirect.headers().firstValue("Location").orElseThrow().replaceAll(".*[?&]code=([^&]+).*", "$1");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A topic of this fixture's prefix, created as production creates ours (TopicSpec configs, record size included). */
    String eventsTopic(String name) {
        String topic = prefix + name;
        com.sage200events.common.kafka.TopicProvisioner.ensure(TestKafka.bootstrapServers(), List.of(topic), 2, (short) 1);
        return topic;
    }

    /** A poll runner with {@code config}, publishing to {@code topic} through {@code producer}. */
    ResourcePollRunner runner(com.sage200events.worker.WorkerConfig config, KafkaProducer<String, byte[]> producer, String topic) {
        return new ResourcePollRunner(config, stores(), sessions(), new EventPublisher(producer, topic), new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    /** Publishes a poll task as the scheduler would, optionally to a chosen partition. */
    void publishTask(PollTask task, Integer partition) {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(TestKafka.bootstrapServers(), "test-tasks", Map.of())) {
            producer.send(new ProducerRecord<>(env.topics().pollTasks(), partition, task.key(), Json.toBytes(task))).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every notification on {@code topic} so far, read from the beginning until {@code expectedEvents} events or a quiet second. */
    /** Every notification on {@code topic} now (see {@link TopicReader}). */
    static List<EventNotification> readAll(String topic) {
        return TopicReader.since(topic, Map.of());
    }

    /** How many records {@code topic} holds, from its end offsets (cheap: no reading). */
    long topicSize(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(TestKafka.bootstrapServers(), "size-probe", "size-probe", Map.of())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Every record the test produced on our topics conforms to schemas/ (fails listing the violations). */
    void assertTopicsConform() {
        if (RecordContract.assertTopicsConform(TestKafka.bootstrapServers(), prefix) == 0) {
            throw new AssertionError("no records to check under prefix " + prefix);
        }
    }

    @Override
    public void close() {
        redis.close();
        sandbox.close();
    }
}
