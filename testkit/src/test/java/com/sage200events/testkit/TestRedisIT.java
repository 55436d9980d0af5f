package com.sage200events.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TestRedisIT {

    @Test
    void theResolvedEndpointIsARedisThatAnswersPing() throws Exception {
        try (RespClient redis = new RespClient(TestRedis.endpoint())) {
            assertThat(redis.command("PING")).isEqualTo("+PONG");
        }
    }

    @Test
    void aValueWrittenUnderTheTestsOwnPrefixReadsBack() throws Exception {
        String key = TestRedis.uniquePrefix() + "greeting";
        try (RespClient redis = new RespClient(TestRedis.endpoint())) {
            assertThat(redis.command("SET", key, "hello", "PX", "60000")).isEqualTo("+OK");
            assertThat(redis.command("GET", key)).isEqualTo("$5");
            assertThat(redis.nextLine()).isEqualTo("hello");
            assertThat(redis.command("DEL", key)).isEqualTo(":1");
        }
    }

    @Test
    void anExplicitRedisUrlWinsOverEverythingElse() {
        // Nothing listens on port 1, so only the URL itself can have produced this answer.
        assertThat(TestRedis.resolve("redis://127.0.0.1:1")).contains(new RedisEndpoint("127.0.0.1", 1));
    }

    @Test
    void aRedisServerFromPathIsStartedOnAFreePortAndStoppedOnClose() throws Exception {
        Optional<Path> executable = LocalRedisServer.findOnPath();
        Assumptions.assumeTrue(executable.isPresent(), "no redis-server on PATH");

        RedisEndpoint endpoint;
        try (LocalRedisServer server = LocalRedisServer.start(executable.get())) {
            endpoint = server.endpoint();
            assertThat(endpoint.port()).isNotEqualTo(6379);
            try (RespClient redis = new RespClient(endpoint)) {
                assertThat(redis.command("PING")).isEqualTo("+PONG");
                // Persistence off: test data must never be written to disk.
                assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo("*2");
                assertThat(redis.nextLine()).isEqualTo("$4");
                assertThat(redis.nextLine()).isEqualTo("save");
                assertThat(redis.nextLine()).isEqualTo("$0");
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !RedisProbe.answersPing(endpoint));
    }
}
