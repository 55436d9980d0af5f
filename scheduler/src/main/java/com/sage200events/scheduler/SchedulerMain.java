package com.sage200events.scheduler;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.delivery.DeliveryRetention;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the scheduler as its own process. */
public final class SchedulerMain {

    private static final Logger log = LoggerFactory.getLogger(SchedulerMain.class);

    private SchedulerMain() {
    }

    public static void main(String[] args) {
        SchedulerConfig config = SchedulerConfig.fromEnv(System.getenv());
        DeliveryRetention.shared(); // a bad DELIVERY_LOG_KEEP_* stops the start, not the first delivery
        if (config.usesDevSecrets()) {
            log.warn("using the dev API secrets{}; set API_USER_SECRET and API_ORGANIZATION_SECRET (and API_ADMIN_TOKEN) "
                    + "in production", SchedulerConfig.DEV_ADMIN_TOKEN.equals(config.adminToken()) ? " and the dev admin token" : "");
        }
        Scheduler scheduler = Scheduler.start(ServiceEnvironment.fromEnv(System.getenv()), config,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "scheduler-shutdown"));
    }
}
