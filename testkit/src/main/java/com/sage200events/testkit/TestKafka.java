package com.sage200events.testkit;

/**
 * The one Kafka broker of a test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Tests share the broker but never a topic: each builds its topic names from {@link #uniquePrefix()}.
 */
public final class TestKafka {

    private static EmbeddedKafka broker; // guarded by TestKafka.class

    private TestKafka() {}

    /** The shared broker; a failed start is retried on the next call rather than remembered. */
    public static synchronized EmbeddedKafka broker() {
        if (broker == null) {
            EmbeddedKafka started = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-kafka-shutdown"));
            broker = started;
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A fresh prefix such as {@code t-1a2b3c4d-7-}, legal in topic and consumer group names. */
    public static String uniquePrefix() {
        return UniquePrefixes.next("-");
    }

    /** Creates single-partition topics named {@code uniquePrefix() + name} and returns their names in order. */
    public static String[] createUniqueTopics(String... names) {
        String prefix = uniquePrefix();
        String[] topics = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            topics[i] = prefix + names[i];
        }
        broker().createTopics(1, topics);
        return topics;
    }
}
