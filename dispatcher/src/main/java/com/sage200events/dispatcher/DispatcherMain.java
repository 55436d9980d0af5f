package com.sage200events.dispatcher;

import com.sage200events.common.delivery.DeliveryRetention;
import com.sage200events.common.ops.ServiceMain;
import java.time.Clock;

/**
 * Runs one dispatcher process: {@code /health} and {@code /metrics} on {@code DISPATCHER_PORT} (default 8083).
 * The SSRF guard runs in production mode unless {@code DELIVERY_MODE=dev}.
 */
public final class DispatcherMain {

    private DispatcherMain() {
    }

    public static void main(String[] args) {
        DeliveryRetention.shared(); // a bad DELIVERY_LOG_KEEP_* stops the start, not the first delivery
        ServiceMain.run("dispatcher", "DISPATCHER_PORT", 8083,
                (env, vars, registry) -> Dispatcher.start(env, DispatcherConfig.fromEnv(vars.asMap()), registry, Clock.systemUTC()));
    }
}
