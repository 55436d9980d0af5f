package com.sage200events.common.ops;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} (liveness with {@code ?live}: 503 naming any loop that died; else readiness over every
 * dependency and loop) and
 * {@code GET /metrics} (Prometheus text), mounted on any service's Javalin server.
 */
public final class OpsRoutes {

    private OpsRoutes() {
    }

    public static void mount(Javalin app, String service, HealthChecks checks, PrometheusMeterRegistry registry) {
        app.get("/health", ctx -> {
            if (ctx.queryParam("live") != null) {
                List<String> dead = checks.deadLoops();
                ctx.status(dead.isEmpty() ? 200 : 503)
                        .json(Map.of("service", service, "status", dead.isEmpty() ? "UP" : "DOWN", "deadLoops", dead));
                return;
            }
            Map<String, Boolean> results = checks.run();
            boolean up = results.values().stream().allMatch(Boolean::booleanValue);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", service);
            body.put("status", up ? "UP" : "DOWN");
            body.put("checks", results);
            ctx.status(up ? 200 : 503).json(body);
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }

    /** A bare server with only the ops routes, for services that have no API of their own. */
    public static Javalin standalone(int port, String service, HealthChecks checks, PrometheusMeterRegistry registry) {
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        mount(app, service, checks, registry);
        return app.start(port);
    }
}
