package com.sage200events.scheduler;

import com.sage200events.common.delivery.DeliveryRetention;
import com.sage200events.common.ops.ServiceMain;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the scheduler as its own process; its API server also serves {@code /health} and {@code /metrics}. */
public final class SchedulerMain {

    private static final Logger log = LoggerFactory.getLogger(SchedulerMain.class);

    private SchedulerMain() {
    }

    public static void main(String[] args) {
        DeliveryRetention.shared(); // a bad DELIVERY_LOG_KEEP_* stops the start, not the first delivery
        ServiceMain.run("scheduler", null, 0, (env, vars, registry) -> {
            SchedulerConfig config = SchedulerConfig.fromEnv(vars.asMap());
            if (config.usesDevSecrets()) {
                log.warn("using the dev API secrets{}; set API_USER_SECRET and API_ORGANIZATION_SECRET (and API_ADMIN_TOKEN) "
                        + "in production", SchedulerConfig.DEV_ADMIN_TOKEN.equals(config.adminToken()) ? " and the dev admin token" : "");
            }
            return Scheduler.start(env, config, registry, Clock.systemUTC());
        });
    }
}
