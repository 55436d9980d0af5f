package com.sage200events.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void parsesHostAndPort() {
        assertThat(RedisEndpoint.parse("redis://cache.local:6380")).isEqualTo(new RedisEndpoint("cache.local", 6380));
    }

    @Test
    void defaultsToTheRedisPort() {
        assertThat(RedisEndpoint.parse("redis://cache.local/0")).isEqualTo(new RedisEndpoint("cache.local", 6379));
    }

    @Test
    void uriRoundTrips() {
        assertThat(new RedisEndpoint("localhost", 6379).uri()).isEqualTo("redis://localhost:6379");
        assertThat(new RedisEndpoint("::1", 7000).uri()).isEqualTo("redis://[::1]:7000");
    }

    @Test
    void rejectsCredentialsWithoutEchoingThem() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://user:s3cret@cache.local:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void rejectsOtherSchemesAndDatabases() {
        assertThatThrownBy(() -> RedisEndpoint.parse("rediss://cache.local:6379")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://cache.local:6379/3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsPortsOutOfRange() {
        assertThatThrownBy(() -> new RedisEndpoint("localhost", 0)).hasMessageContaining("port");
    }
}
