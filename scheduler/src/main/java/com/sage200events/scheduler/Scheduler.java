package com.sage200events.scheduler;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.ops.HealthChecks;
import com.sage200events.common.ops.OpsRoutes;
import com.sage200events.common.ops.Service;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.common.sage.SageRetry;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.scheduler.internal.AdminApi;
import com.sage200events.scheduler.internal.ApiAccess;
import com.sage200events.scheduler.internal.ApiErrors;
import com.sage200events.scheduler.internal.AuthorizationApi;
import com.sage200events.scheduler.internal.AuthorizationFlow;
import com.sage200events.scheduler.internal.DryRunApi;
import com.sage200events.scheduler.internal.InstanceService;
import com.sage200events.scheduler.internal.InstanceUpdates;
import com.sage200events.scheduler.internal.InstancesApi;
import com.sage200events.scheduler.internal.OpenApiDocument;
import com.sage200events.scheduler.internal.OperatorActions;
import com.sage200events.scheduler.internal.PollJob;
import com.sage200events.scheduler.internal.PollScheduler;
import com.sage200events.scheduler.internal.PollTaskPublisher;
import com.sage200events.scheduler.internal.ScheduleSync;
import com.sage200events.scheduler.internal.SlotCatchUp;
import com.sage200events.scheduler.internal.ui.Dashboard;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane: the instances API on {@link SchedulerConfig#port()} and a Quartz job per instance that
 * publishes poll tasks every refresh interval. Its {@link Lifecycle} opens Redis, the producer, Quartz, the API server
 * and the {@code schedule-sync} loop in that order and stops them in reverse: no change is followed once stopping,
 * the API stops taking requests, running slots finish, then the clients close (DESIGN §7).
 */
public final class Scheduler implements Service {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** The longest one Sage request of a dry run may take. */
    private static final Duration DRY_RUN_SAGE_TIMEOUT = Duration.ofSeconds(30);

    private final Lifecycle lifecycle;
    private final HealthChecks checks;
    private final Javalin app;
    private final PollScheduler pollScheduler;
    private final List<String> routes;

    private Scheduler(Lifecycle lifecycle, HealthChecks checks, Javalin app, PollScheduler pollScheduler, List<String> routes) {
        this.lifecycle = lifecycle;
        this.checks = checks;
        this.app = app;
        this.pollScheduler = pollScheduler;
        this.routes = routes;
    }

    /** Starts the scheduler; a start that fails halfway (e.g. its port taken) closes what it had opened and rethrows. */
    public static Scheduler start(ServiceEnvironment env, SchedulerConfig config, PrometheusMeterRegistry registry, Clock clock) {
        Lifecycle lifecycle = new Lifecycle("scheduler");
        return lifecycle.starting(() -> start(lifecycle, env, config, registry, clock));
    }

    private static Scheduler start(Lifecycle lifecycle, ServiceEnvironment env, SchedulerConfig config, PrometheusMeterRegistry registry,
                                   Clock clock) {
        RedisStores redis = lifecycle.own("redis", env.connectRedis());
        TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
        KafkaProducer<String, byte[]> producer = lifecycle.own("producer",
                KafkaClients.producer(env.kafkaBootstrapServers(), "scheduler", Map.of()), (p, budget) -> p.close(Duration.ofSeconds(5)));
        PollTaskPublisher publisher = new PollTaskPublisher(producer, env.topics().pollTasks());
        PollJob job = new PollJob(redis.instances(), redis.slots(), publisher, registry, clock);
        ScheduleSync sync = new ScheduleSync(redis, registry);
        PollScheduler pollScheduler = lifecycle.own("quartz", new PollScheduler(job, config.quartzThreads(), clock, sync::announce));

        List<String> routes = new CopyOnWriteArrayList<>();
        Javalin app = lifecycle.own("api server", Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = config.maxRequestBytes();
            c.events(e -> e.handlerAdded(h -> {
                // The dashboard's pages are HTML for people, not part of the API /openapi.json documents.
                if (h.getHttpMethod().isHttpMethod() && !h.getPath().startsWith("/ui")) {
                    routes.add(h.getHttpMethod() + " " + h.getPath());
                }
            }));
        }), (server, budget) -> server.stop());
        ApiErrors.mount(app, config.maxRequestBytes());
        app.start(config.port());
        String publicBaseUrl = config.publicBaseUrl() != null && config.port() != 0
                ? config.publicBaseUrl() : "http://localhost:" + app.port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AuthorizationFlow authorization = new AuthorizationFlow(redis, env.sage(),
                new SageIdClient(http, env.sage(), clock), publicBaseUrl);
        InstanceService service = new InstanceService(redis, authorization, pollScheduler, publisher, clock);
        ApiAccess access = ApiAccess.create(service, redis, config.userSecret(), config.organizationSecret(), clock);
        InstanceUpdates updates = new InstanceUpdates(redis, authorization, pollScheduler, service::requireAllowedCallback, service);
        new InstancesApi(service, updates, access, config.maxRequestBytes()).mount(app);
        new AuthorizationApi(service, updates, authorization, access).mount(app);
        new AdminApi(access, config.adminToken(), config.maxRequestBytes()).mount(app);
        new com.sage200events.scheduler.internal.EventsApi(access, redis, clock).mount(app);
        new Dashboard(new OperatorActions(access, service, updates, redis, clock), redis,
                publicBaseUrl.startsWith("https:")).mount(app);
        // The dry run reads Sage as the worker does (same classes, same token store and single-flight refresh), with
        // the worker's SERVER_TIME_ZONE for ${date:FMT}; short throttling is waited out briefly, as a caller is waiting.
        SageSessions sageSessions = new SageSessions(redis, env.sage(), DRY_RUN_SAGE_TIMEOUT,
                new SageRetry(2, Duration.ofSeconds(5), SageRetry.Pause.THREAD_SLEEP), clock, registry);
        DryRunApi.create(access, service, sageSessions, ZoneId.of(System.getenv().getOrDefault("SERVER_TIME_ZONE", "UTC")), clock,
                config.maxRequestBytes()).mount(app);
        OpenApiDocument.mount(app);
        HealthChecks checks = new HealthChecks().redis(redis).kafka(env.kafkaBootstrapServers()).loops(lifecycle);
        OpsRoutes.mount(app, "scheduler", checks, registry);
        // Follow changes from the stream's current end before loading everything, so none falls in between.
        String position = sync.position();
        int scheduled = service.scheduleAll();
        lifecycle.startLoop("schedule-sync", sync.follower(position, pollScheduler));
        Thread catchUp = new Thread(new SlotCatchUp(redis.instances(), job, clock), "slot-catch-up");
        catchUp.setDaemon(true);
        catchUp.start();
        log.info("scheduler listening on port {} ({} instance(s) scheduled)", app.port(), scheduled);
        return new Scheduler(lifecycle, checks, app, pollScheduler, routes);
    }

    /** How often this replica polls an instance, or empty when it does not (deleted, or not yet known here). */
    public Optional<Duration> scheduledInterval(long instanceId) {
        return pollScheduler.scheduledInterval(instanceId);
    }

    /** Every API route served, as {@code METHOD /path}: what {@code /openapi.json} must document (not the {@code /ui} pages). */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    public int port() {
        return app.port();
    }

    /** Where the API listens, e.g. {@code http://localhost:8080}. */
    public String url() {
        return "http://localhost:" + app.port();
    }

    /** Makes this API's {@code /health} also name a dead loop of {@code other}: the dev stack runs every service in one JVM. */
    public void watchLoopsOf(Service other) {
        checks.loops(other.lifecycle());
    }

    @Override
    public Lifecycle lifecycle() {
        return lifecycle;
    }
}
