package com.sage200events.launcher;

import com.sage200events.common.config.Env;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.testkit.EmbeddedKafka;
import com.sage200events.testkit.TestRedis;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one dev mode: an embedded KRaft broker on 9092 (data in {@code .run/kafka}), Redis as
 * resolved for tests ({@code REDIS_URL}, else localhost:6379, else a {@code redis-server} on PATH), the
 * sandbox on 8090, the API on 8080 and an inbox on 8070 that records what the dispatcher delivers. Every service
 * reads the environment variables it reads when run alone ({@link DevStackOptions#fromEnv}).
 */
public final class DevStackMain {

    private static final Logger log = LoggerFactory.getLogger(DevStackMain.class);

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // The dev stack delivers to its inbox on localhost: the SSRF guard runs in dev mode unless told otherwise. The
        // dispatcher's guard gets this default in DevStackOptions; the API's create/PATCH check reads the JVM-wide one.
        if (System.getenv(CallbackUrlGuard.MODE_ENV) == null) {
            System.setProperty(CallbackUrlGuard.MODE_PROPERTY, "dev");
        }
        Env env = Env.system();
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(env.string("DEV_KAFKA_DIR", ".run/kafka")), env.integer("DEV_KAFKA_PORT", 9092));
        String redisUrl = TestRedis.endpoint().uri();
        DevStackOptions options = DevStackOptions.fromEnv(env.asMap(), kafka.bootstrapServers(), redisUrl);
        DevStack stack = DevStack.start(options);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down the dev stack");
            stack.close();
            kafka.close();
            done.countDown();
        }, "dev-stack-shutdown"));
        System.out.println(DevStackBanner.text(stack, options.scheduler(), kafka.bootstrapServers(), redisUrl));
        done.await();
    }
}
