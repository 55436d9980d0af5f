package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxRequest;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageJson;
import com.sage200events.sandbox.internal.SandboxState;
import com.sage200events.sandbox.internal.auth.OAuthException;
import com.sage200events.sandbox.internal.odata.ODataException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the routes into one Javalin server and maps failures to the responses Sage would send. */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    public static HttpServer start(SandboxConfig config, SandboxState state) {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jsonMapper(new JavalinJackson(SageJson.MAPPER, false));
            cfg.requestLogger.http((ctx, ms) -> logRequest(state, ctx));
            cfg.router.mount(router -> {
                // Sage's own clock stamps every answer, as a real server's Date header does (RFC 9110 §6.6.1):
                // clients learn Sage's "now" from it, which may be minutes away from theirs.
                router.before(ctx -> ctx.header("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.ofInstant(Instant.now(state.sageClock()), ZoneOffset.UTC))));
                // First of the fault handlers: a fault may answer before the gateway checks anything.
                FaultFilter faults = new FaultFilter(state);
                router.before(faults::before);
                new SageIdRoutes(state.tokens()).register(router);
                new SageApiRoutes(state).register(router);
                new AdminRoutes(state).register(router);
                new AdminControlRoutes(state).register(router);
                router.exception(InjectedFault.class, (e, ctx) -> Responses.injected(ctx, e));
                router.exception(ApiError.class, HttpServer::apiError);
                router.exception(ODataException.class, (e, ctx) ->
                        Responses.json(ctx, 400, Map.of("Message", "The query specified in the URI is not valid. " + e.getMessage())));
                router.exception(OAuthException.class, HttpServer::oauthError);
                router.exception(Exception.class, (e, ctx) -> {
                    // The path only: query strings and bodies may carry codes or tokens.
                    log.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
                    Responses.json(ctx, 500, Map.of("Message", "An error has occurred."));
                });
                router.error(404, HttpServer::notFound);
            });
        });
        app.start(config.host(), config.port());
        return new HttpServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void apiError(ApiError e, Context ctx) {
        if (e.body() == null) {
            Responses.empty(ctx, e.status());
        } else {
            Responses.json(ctx, e.status(), e.body());
        }
    }

    private static void oauthError(OAuthException e, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.getMessage());
        Responses.json(ctx, e.status(), body);
    }

    /**
     * A path no route knows: APIM answers these itself, in its shape. Our own 404s (unknown record or
     * resource) are already JSON and pass untouched; Javalin's plain-text default does not.
     */
    private static void notFound(Context ctx) {
        String contentType = ctx.res().getContentType();
        if (contentType == null || !contentType.startsWith("application/json")) {
            Responses.json(ctx, 404, Map.of("statusCode", 404, "message", "Resource not found"));
        }
    }

    private static void logRequest(SandboxState state, Context ctx) {
        if (ctx.path().startsWith(AdminRoutes.PREFIX)) {
            return;
        }
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        state.requests().add(new SandboxRequest(Instant.now(state.sageClock()), ctx.method().name(), ctx.path(), query,
                ctx.statusCode(), FaultFilter.describe(ctx)));
    }
}
