package com.sage200events.scheduler;

import com.sage200events.common.config.Closeables;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.ops.HealthChecks;
import com.sage200events.common.ops.OpsRoutes;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.scheduler.internal.ApiAccess;
import com.sage200events.scheduler.internal.AuthorizationFlow;
import com.sage200events.scheduler.internal.InstanceService;
import com.sage200events.scheduler.internal.InstancesApi;
import com.sage200events.scheduler.internal.PollJob;
import com.sage200events.scheduler.internal.PollScheduler;
import com.sage200events.scheduler.internal.PollTaskPublisher;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The control plane: the instances API on {@link SchedulerConfig#port()} and a Quartz job per instance that
 * publishes poll tasks every refresh interval.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final Javalin app;
    private final PollScheduler pollScheduler;
    private final KafkaProducer<String, byte[]> producer;
    private final JedisPooled redis;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Scheduler(Javalin app, PollScheduler pollScheduler, KafkaProducer<String, byte[]> producer, JedisPooled redis) {
        this.app = app;
        this.pollScheduler = pollScheduler;
        this.producer = producer;
        this.redis = redis;
    }

    public static Scheduler start(ServiceEnvironment env, SchedulerConfig config, PrometheusMeterRegistry registry, Clock clock) {
        TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topics().all(), env.partitions(), env.replicationFactor());
        JedisPooled redis = RedisClients.pooled(env.redisUrl());
        KafkaProducer<String, byte[]> producer = KafkaClients.producer(env.kafkaBootstrapServers(), "scheduler", Map.of());
        PollTaskPublisher publisher = new PollTaskPublisher(producer, env.topics().pollTasks());
        PollJob job = new PollJob(new InstanceRepository(redis, env.keys()), redis, env.keys(), publisher, registry);
        PollScheduler pollScheduler = new PollScheduler(job, config.quartzThreads(), clock);

        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = 1_000_000L;
        });
        app.start(config.port());
        String publicBaseUrl = config.publicBaseUrl() != null && config.port() != 0
                ? config.publicBaseUrl() : "http://localhost:" + app.port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AuthorizationFlow authorization = new AuthorizationFlow(redis, env.keys(), env.sage(),
                new SageIdClient(http, env.sage(), clock), publicBaseUrl);
        InstanceService service = new InstanceService(redis, env.keys(), authorization, pollScheduler, publisher, clock);
        ApiAccess access = new ApiAccess(service, config.userSecret(), config.organizationSecret());
        new InstancesApi(service, access).mount(app);
        OpsRoutes.mount(app, "scheduler", new HealthChecks().redis(redis).kafka(env.kafkaBootstrapServers()), registry);
        int scheduled = service.scheduleAll();
        log.info("scheduler listening on port {} ({} instance(s) scheduled)", app.port(), scheduled);
        return new Scheduler(app, pollScheduler, producer, redis);
    }

    public int port() {
        return app.port();
    }

    /** Where the API listens, e.g. {@code http://localhost:8080}. */
    public String url() {
        return "http://localhost:" + app.port();
    }

    /** Stops taking requests, lets running slots finish, then closes. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        app.stop();
        pollScheduler.close();
        producer.close(Duration.ofSeconds(5));
        Closeables.safeClose(redis);
        log.info("scheduler stopped");
    }
}
