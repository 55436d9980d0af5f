package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.kafka.TopicSpec;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.Worker;
import com.sage200events.worker.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** A service creates the topics it lacks as configured, and refuses to start on a topic it cannot use. */
class TopicProvisioningIT {

    @Test
    void startUpCreatesMissingTopicsWithTheirPartitionsAndConfigs() throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(SandboxConfig.defaults(), 3)) {
            Worker worker = Worker.start(fixture.env, WorkerConfig.defaults().withGroupId(fixture.prefix + "w"), new SimpleMeterRegistry(),
                    Clock.systemUTC());
            worker.shutdown(Duration.ofSeconds(10));
            try (Admin admin = KafkaClients.admin(TestKafka.bootstrapServers())) {
                for (TopicSpec spec : fixture.env.topicSpecs()) {
                    assertThat(admin.describeTopics(List.of(spec.name())).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get(spec.name()).partitions()).as(spec.name()).hasSize(3);
                    Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())))
                            .all().get(10, TimeUnit.SECONDS).values().iterator().next();
                    assertThat(config.get("cleanup.policy").value()).as(spec.name()).isEqualTo("delete");
                    assertThat(config.get("retention.ms").value()).as(spec.name()).isEqualTo(Long.toString(spec.retention().toMillis()));
                }
            }
        }
    }

    @Test
    void startUpAgainstACompactedEventsTopicFailsNamingTopicAndMismatch() throws Exception {
        try (WorkerFixture fixture = new WorkerFixture()) {
            String events = fixture.env.topics().events();
            try (Admin admin = KafkaClients.admin(TestKafka.bootstrapServers())) {
                admin.createTopics(List.of(new NewTopic(events, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                        .all().get(10, TimeUnit.SECONDS);
            }
            ServiceEnvironment env = fixture.env;
            assertThatThrownBy(() -> Worker.start(env, WorkerConfig.defaults().withGroupId(fixture.prefix + "w"), new SimpleMeterRegistry(),
                    Clock.systemUTC()))
                    .isInstanceOf(TopicProvisioner.IncompatibleTopicException.class)
                    .hasMessageContaining(events)
                    .hasMessageContaining("cleanup.policy=compact");
        }
    }
}
