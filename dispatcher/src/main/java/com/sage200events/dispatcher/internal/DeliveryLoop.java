package com.sage200events.dispatcher.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.dispatcher.DispatcherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * One consumer thread delivering notifications. A record's offset is committed only once its outcome is
 * final: delivered, or parked in the DLQ after the last retry. Stopping in the middle of a retry leaves the
 * record uncommitted, so the next owner of the partition delivers it.
 */
public final class DeliveryLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Producer<String, byte[]> dlqProducer;
    private final String dlqTopic;
    private final DispatcherConfig config;
    private final InstanceRepository instances;
    private final DeliveryLog deliveries;
    private final WebhookClient client;
    private final MeterRegistry registry;
    private final Clock clock;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public DeliveryLoop(Consumer<String, byte[]> consumer, String topic, Producer<String, byte[]> dlqProducer, String dlqTopic,
                        DispatcherConfig config, JedisPooled redis, RedisKeys keys, MeterRegistry registry, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.dlqProducer = dlqProducer;
        this.dlqTopic = dlqTopic;
        this.config = config;
        this.instances = new InstanceRepository(redis, keys);
        this.deliveries = new DeliveryLog(redis, keys);
        this.client = new WebhookClient(config.connectTimeout(), config.requestTimeout());
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void run() {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            consumer.subscribe(List.of(topic));
            while (stopping.getCount() > 0) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!handle(record)) {
                        break;
                    }
                    done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                    done.clear();
                }
            }
        } catch (WakeupException e) {
            if (stopping.getCount() > 0) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("delivery loop stopped by an unexpected error", e);
        } finally {
            try {
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
            } catch (RuntimeException e) {
                log.debug("final commit skipped: {}", e.toString());
            }
            consumer.close();
            stopped.countDown();
        }
    }

    /** Delivers one record to a final outcome; false when stopping interrupted it (do not commit it). */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        EventNotification notification;
        try {
            notification = Json.fromBytes(record.value(), EventNotification.class);
        } catch (IllegalArgumentException e) {
            park(record, "malformed record: " + e.getMessage());
            registry.counter("dispatcher_poison_records_total").increment();
            return true;
        }
        Optional<StoredInstance> instance = instances.find(notification.instanceId());
        if (instance.isEmpty()) {
            log.info("notification {} dropped: instance {} was deleted", notification.notificationId(), notification.instanceId());
            registry.counter("dispatcher_dropped_total", "reason", "instance_deleted").increment();
            return true;
        }
        InstanceSettings settings = instance.get().settings();
        if (!settings.eventsEnabled() || settings.callbackUrl().isEmpty()) {
            log.info("notification {} dropped: events of instance {} are disabled", notification.notificationId(), notification.instanceId());
            registry.counter("dispatcher_dropped_total", "reason", "events_disabled").increment();
            return true;
        }
        if (deliveries.alreadyDelivered(notification.notificationId())) {
            registry.counter("dispatcher_duplicates_skipped_total").increment();
            return true;
        }
        deliveries.received(notification, clock.instant());
        return deliver(record, notification, settings);
    }

    private boolean deliver(ConsumerRecord<String, byte[]> record, EventNotification n, InstanceSettings settings) {
        byte[] body = NotificationPayload.body(n);
        String url = settings.callbackUrl().get();
        for (int attempt = 0; ; attempt++) {
            Map<String, String> headers = WebhookSigner.headers(settings, n.notificationId(), clock.instant().getEpochSecond(), body);
            WebhookClient.Attempt result = client.post(url, headers, body);
            registry.timer("dispatcher_delivery_latency").record(result.latency());
            boolean last = attempt >= config.retryDelays().size();
            String status = result.delivered() ? "DELIVERED" : last ? "QUEUED" : "RETRY";
            deliveries.attempted(n, result, status, clock.instant());
            registry.counter("dispatcher_attempts_total", "outcome", status).increment();
            if (result.delivered()) {
                log.debug("notification {} delivered to instance {} ({} events)", n.notificationId(), n.instanceId(), n.events().size());
                return true;
            }
            String why = result.status() == 0 ? result.error() : "HTTP " + result.status();
            if (last) {
                log.warn("notification {} of instance {} parked after {} attempts: {}", n.notificationId(), n.instanceId(), attempt + 1, why);
                park(record, "delivery failed: " + why);
                return true;
            }
            log.info("notification {} of instance {} failed ({}); retry {} in {}", n.notificationId(), n.instanceId(), why,
                    attempt + 1, config.retryDelays().get(attempt));
            if (awaitStop(config.retryDelays().get(attempt))) {
                return false;
            }
        }
    }

    private boolean awaitStop(Duration delay) {
        try {
            return stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void park(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> parked = new ProducerRecord<>(dlqTopic, record.key(), record.value());
        record.headers().forEach(h -> parked.headers().add(h));
        parked.headers().add("parked-reason", reason.getBytes(StandardCharsets.UTF_8));
        try {
            dlqProducer.send(parked).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Not parked means not done: fail the loop rather than commit an offset for a lost event.
            throw new IllegalStateException("cannot park record " + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
        }
        registry.counter("dispatcher_parked_total").increment();
    }

    public boolean stop(Duration timeout) throws InterruptedException {
        stopping.countDown();
        consumer.wakeup();
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
