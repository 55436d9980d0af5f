package com.sage200events.scheduler.internal.ui;

import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.scheduler.internal.OperatorActions;
import com.sage200events.scheduler.internal.ui.DashboardSessions.Session;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's dashboard at {@code /ui} (DESIGN.md §10): server-rendered pages over {@link OperatorActions},
 * signed in with the account's {@code User}/{@code Organization} secrets. The session cookie is {@code HttpOnly},
 * {@code SameSite=Strict} (and {@code Secure} behind https); every POST but the sign-in carries the session's
 * CSRF token, compared in constant time. Pages are never cached and never framed; secrets show masked as in the
 * API ({@code ********}).
 */
public final class Dashboard {

    static final String COOKIE = "s200e_ui";
    /** Notifications listed on an instance's page; the delivery log keeps up to {@link DeliveryLog#RECENT_PER_INSTANCE}. */
    static final int RECENT = 50;
    private static final Map<String, String> NOTICES = Map.of(
            "polling", "Poll requested for every resource.",
            "enabled", "Events are on.",
            "disabled", "Events are off.",
            "redelivering", "Redelivery scheduled.");

    private final OperatorActions actions;
    private final DashboardSessions sessions;
    private final Pages pages = new Pages();
    private final boolean secureCookie;

    /** {@code secureCookie}: mark the cookie {@code Secure}, for a dashboard reached over https. */
    public Dashboard(OperatorActions actions, RedisStores redis, boolean secureCookie) {
        this.actions = actions;
        this.sessions = new DashboardSessions(redis.uiSessions());
        this.secureCookie = secureCookie;
    }

    public void mount(Javalin app) {
        app.before("/ui*", ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        });
        app.get("/ui", ctx -> ctx.redirect("/ui/instances"));
        app.get("/ui/login", ctx -> ctx.html(pages.render("login", Map.of())));
        app.post("/ui/login", this::signIn);
        app.post("/ui/logout", ctx -> withSession(ctx, session -> {
            sessions.delete(session);
            ctx.cookie(cookie("", 0));
            ctx.redirect("/ui/login");
        }));
        app.get("/ui/instances", ctx -> withSession(ctx, session -> instancesPage(ctx, session)));
        app.get("/ui/instances/{id}", ctx -> withInstance(ctx, (session, instance) -> instancePage(ctx, session, instance, null)));
        app.post("/ui/instances/{id}/poll", ctx -> act(ctx, (session, instance) -> {
            actions.pollNow(instance);
            return "polling";
        }));
        app.post("/ui/instances/{id}/events", ctx -> act(ctx, (session, instance) -> {
            boolean on = "on".equals(ctx.formParam("events"));
            actions.setEventsEnabled(instance, on);
            return on ? "enabled" : "disabled";
        }));
        app.post("/ui/instances/{id}/redeliver", ctx -> act(ctx, (session, instance) -> {
            actions.redeliverAll(instance);
            return "redelivering";
        }));
        app.post("/ui/instances/{id}/notifications/{notificationId}/redeliver", ctx -> act(ctx, (session, instance) -> {
            actions.redeliver(instance, ctx.pathParam("notificationId"));
            return "redelivering";
        }));
        app.post("/ui/instances/{id}/authorization", ctx -> withInstance(ctx, (session, instance) -> {
            if (csrfRefused(ctx, session)) {
                return;
            }
            instancePage(ctx, session, instance, Map.of("authorizationUrl", actions.reauthorize(instance)));
        }));
    }

    private void signIn(Context ctx) {
        Optional<String> organization = actions.signIn(ctx.formParam("user"), ctx.formParam("organization"));
        if (organization.isEmpty()) {
            ctx.status(401).html(pages.render("login", Map.of("error", "The User or Organization secret is wrong.")));
            return;
        }
        Session session = sessions.create(organization.get());
        ctx.cookie(cookie(session.id(), (int) DashboardSessions.TTL.toSeconds()));
        ctx.redirect("/ui/instances");
    }

    private void instancesPage(Context ctx, Session session) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> view : actions.instances(session.organization())) {
            StoredInstance instance = actions.instance(session.organization(), ((Number) view.get("id")).longValue());
            Map<?, ?> resources = (Map<?, ?>) actions.status(instance).get("resources");
            Map<String, Object> row = new LinkedHashMap<>(view);
            row.put("lastPoll", Rows.lastPoll(resources));
            row.put("failingResources", Rows.failingResources(resources));
            row.put("parked", actions.notifications(instance, RECENT, DeliveryStatus.QUEUED).size());
            rows.add(row);
        }
        Map<String, Object> model = base(session);
        model.put("instances", rows);
        model.put("total", actions.instanceCount(session.organization()));
        ctx.html(pages.render("instances", model));
    }

    private void instancePage(Context ctx, Session session, StoredInstance instance, Map<String, Object> extra) {
        Map<String, Object> model = base(session);
        Map<String, Object> view = actions.view(instance);
        model.put("instance", view);
        model.put("configuration", Json.mapper().valueToTree(view.get("configuration")).toPrettyString());
        List<Map<String, Object>> resources = new ArrayList<>();
        ((Map<?, ?>) actions.status(instance).get("resources")).forEach((name, status) ->
                resources.add(Rows.resource(name.toString(), (Map<?, ?>) status)));
        model.put("resources", resources);
        List<DeliveryRecord> recent = actions.notifications(instance, RECENT, null);
        model.put("notifications", recent.stream().map(r -> Rows.notification(r, actions::bodyAsSent)).toList());
        model.put("parked", actions.notifications(instance, RECENT, DeliveryStatus.QUEUED).stream()
                .map(r -> Rows.notification(r, actions::bodyAsSent)).toList());
        String notice = ctx.queryParam("notice");
        if (notice != null && NOTICES.containsKey(notice)) {
            model.put("notice", NOTICES.get(notice));
        }
        if (extra != null) {
            model.putAll(extra);
        }
        ctx.html(pages.render("instance", model));
    }

    /** A POST about one instance: checks the CSRF token, runs {@code action}, then back to the page with a notice. */
    private void act(Context ctx, InstanceAction<String> action) {
        withInstance(ctx, (session, instance) -> {
            if (csrfRefused(ctx, session)) {
                return;
            }
            String notice;
            try {
                notice = action.run(session, instance);
            } catch (RuntimeException e) {
                Map<String, Object> error = Map.of("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                ctx.status(OperatorActions.httpStatus(e));
                instancePage(ctx, session, instance, error);
                return;
            }
            ctx.redirect("/ui/instances/" + instance.id() + "?notice=" + notice);
        });
    }

    private void withInstance(Context ctx, InstancePage page) {
        withSession(ctx, session -> {
            StoredInstance instance;
            try {
                instance = actions.instance(session.organization(), Long.parseLong(ctx.pathParam("id")));
            } catch (RuntimeException e) {
                Map<String, Object> model = base(session);
                model.put("error", "Instance " + ctx.pathParam("id") + " not found.");
                ctx.status(404).html(pages.render("instances", model));
                return;
            }
            page.run(session, instance);
        });
    }

    private void withSession(Context ctx, SessionPage page) {
        Optional<Session> session = sessions.find(ctx.cookie(COOKIE));
        if (session.isEmpty()) {
            if ("GET".equals(ctx.method().name())) {
                ctx.redirect("/ui/login");
            } else {
                ctx.status(401).html(pages.render("login", Map.of("error", "Your session has ended; sign in again.")));
            }
            return;
        }
        page.run(session.get());
    }

    private boolean csrfRefused(Context ctx, Session session) {
        String sent = ctx.formParam("csrf");
        boolean same = sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
        if (!same) {
            ctx.status(403).html(pages.render("login", Map.of("error", "This form is stale or did not come from this dashboard; sign in again.")));
        }
        return !same;
    }

    private Map<String, Object> base(Session session) {
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", session.csrfToken());
        model.put("organization", session.organization());
        return model;
    }

    private Cookie cookie(String value, int maxAgeSeconds) {
        return new Cookie(COOKIE, value, "/ui", maxAgeSeconds, secureCookie, 0, true, null, null, SameSite.STRICT);
    }

    @FunctionalInterface
    private interface SessionPage {
        void run(Session session);
    }

    @FunctionalInterface
    private interface InstancePage {
        void run(Session session, StoredInstance instance);
    }

    @FunctionalInterface
    private interface InstanceAction<T> {
        T run(Session session, StoredInstance instance);
    }
}
