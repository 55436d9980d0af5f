package com.sage200events.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** What start-up says when the broker will not let it raise a topic's record size limit. */
class TopicProvisionerTest {

    @Test
    void missingPermissionsAndPoliciesAreRefusalsButATimeoutIsNot() {
        assertThat(TopicProvisioner.isRefusal(new ClusterAuthorizationException("no ALTER_CONFIGS"))).isTrue();
        assertThat(TopicProvisioner.isRefusal(new TopicAuthorizationException("no ALTER_CONFIGS"))).isTrue();
        assertThat(TopicProvisioner.isRefusal(new PolicyViolationException("max.message.bytes is fixed here"))).isTrue();
        assertThat(TopicProvisioner.isRefusal(new TimeoutException("broker gone"))).isFalse();
    }

    @Test
    void aRefusedRaiseNamesTopicBothValuesAndTheCommandThatMakesTheChange() {
        String message = TopicProvisioner.refusedRaise("sage-events", 1048588, "kafka-1:9092,kafka-2:9092",
                new TopicAuthorizationException("Topic authorization failed"));

        assertThat(message)
                .contains("topic sage-events", "max.message.bytes=1048588", "needs at least " + TopicSpec.MAX_MESSAGE_BYTES,
                        "TopicAuthorizationException: Topic authorization failed")
                .contains("kafka-configs.sh --bootstrap-server kafka-1:9092,kafka-2:9092 --alter --entity-type topics"
                        + " --entity-name sage-events --add-config max.message.bytes=" + TopicSpec.MAX_MESSAGE_BYTES);
    }
}
