package com.sage200events.worker;

import com.sage200events.common.ops.ServiceMain;
import java.time.Clock;

/** Runs one worker process: {@code /health} and {@code /metrics} on {@code WORKER_PORT} (default 8082). */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run("worker", "WORKER_PORT", 8082,
                (env, vars, registry) -> Worker.start(env, WorkerConfig.fromEnv(vars.asMap()), registry, Clock.systemUTC()));
    }
}
