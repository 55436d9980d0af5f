package com.sage200events.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.delivery.WebhookBody;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.redis.WebhookSecrets;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.sandbox.Sandbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import redis.clients.jedis.JedisPooled;

/** Instances, notifications and bodies the dispatcher benches share. */
final class BenchData {

    private BenchData() {
    }

    /** Instances {@code 1..count} from the seed example, signature key and whsec_ secret set, callback per {@code urlOf}. */
    static void storeInstances(JedisPooled redis, ServiceEnvironment env, int count, LongFunction<String> urlOf) throws IOException {
        InstanceRepository repository = new InstanceRepository(redis, env.keys());
        WebhookSecrets secrets = new WebhookSecrets(redis, env.keys());
        String seed = Files.readString(Path.of("examples", "seed-instance.json"));
        for (long id = 1; id <= count; id++) {
            ObjectNode configuration = (ObjectNode) Json.tree(seed).get("configuration");
            configuration.put("event.notification.callback.url", urlOf.apply(id));
            configuration.put("event.notification.signature.key", "bench-signing-key");
            repository.create(new StoredInstance(id, "default", "bench-" + id, List.of(), Instant.now(), InstanceStatus.ACTIVE, null,
                    configuration, null));
            secrets.create(id);
        }
    }

    /** One event each, unique ids, instances round-robin. */
    static List<EventNotification> notifications(int count, int instances) {
        List<EventNotification> list = new ArrayList<>(count);
        String run = UUID.randomUUID().toString();
        Instant updated = Instant.parse("2026-11-28T07:00:00Z");
        for (int i = 0; i < count; i++) {
            long instance = 1 + (i % instances);
            String objectId = run + "-" + i;
            Event event = new Event(EventIds.eventId(instance, "customers", objectId, updated), Event.UPDATED, "customers", objectId,
                    "2026-11-28T07:00:00Z", "2026-11-28T07:01:00Z", "sage200", "finance");
            list.add(EventNotification.of(instance, "customers", List.of(event),
                    List.of(Json.tree("{\"id\":" + i + ",\"name\":\"Customer " + i + "\",\"reference\":\"REF" + i
                            + "\",\"balance\":123.45,\"date_time_updated\":\"2026-11-28T07:00:00Z\"}"))));
        }
        return list;
    }

    /** The Cloud Elements body the dispatcher posts (DESIGN.md §5), built the same way for the clients it is compared with. */
    static List<byte[]> bodies(List<EventNotification> notifications) {
        List<byte[]> bodies = new ArrayList<>(notifications.size());
        for (EventNotification n : notifications) {
            bodies.add(WebhookBody.of(n));
        }
        return bodies;
    }

    /** Headers of the same names and sizes as the dispatcher's (Basic auth and both signatures), for wrk and the raw clients. */
    static Map<String, String> headers(String messageId, byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Elements-Webhook-Id", messageId);
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString("CompanyName123:P@$$w0rd".getBytes(StandardCharsets.UTF_8)));
        headers.put("Elements-Webhook-Signature", "sha256=" + hmac("bench-signing-key".getBytes(StandardCharsets.UTF_8), body));
        headers.put("webhook-signature", "v1," + hmac(new byte[32], (messageId + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static String hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void publish(ServiceEnvironment env, List<EventNotification> notifications) {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(env.kafkaBootstrapServers(), "bench", Map.of())) {
            for (EventNotification n : notifications) {
                producer.send(new ProducerRecord<>(env.topics().events(), Long.toString(n.instanceId()), Json.toBytes(n)));
            }
            producer.flush();
        }
    }

    /** The system's load averages (1, 5, 15 minutes), as {@code uptime} prints them. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * An ACTIVE instance created a second ago, polling {@code resource} with {@code pollerJson}, authorized with the
     * sandbox (a code from its authorize page exchanged for tokens) as a user would; returns its id.
     */
    static long authorizedInstance(JedisPooled redis, RedisKeys keys, Sandbox sandbox, SageEndpoints endpoints, String resource,
                                   String pollerJson) throws Exception {
        ObjectNode configuration = (ObjectNode) Json.tree("""
                {"oauth.api.key": "bench", "oauth.api.secret": "bench", "subscription.key": "bench", "signing.key": "bench",
                 "company.name": "Cloud-Elements Demodata", "event.notification.enabled": true,
                 "event.notification.callback.url": "http://localhost:1/unused",
                 "event.poller.configuration": {"%s": %s}}""".formatted(resource, pollerJson));
        InstanceRepository repository = new InstanceRepository(redis, keys);
        long id = repository.nextId();
        repository.create(new StoredInstance(id, "bench", "bench", List.of(), Instant.now().minusSeconds(1), InstanceStatus.ACTIVE,
                null, configuration, null));
        HttpResponse<Void> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/authorize?response_type=code&client_id=bench&redirect_uri=http://localhost/cb&state=s")).build(),
                HttpResponse.BodyHandlers.discarding());
        String code = redirect.headers().firstValue("Location").orElseThrow().replaceAll(".*[?&]code=([^&]+).*", "$1");
        new SageTokenStore(redis, keys).save(id, new SageIdClient(HttpClient.newHttpClient(), endpoints, Clock.systemUTC())
                .exchangeCode("bench", "bench", code, "http://localhost/cb"));
        return id;
    }
}
