package com.sage200events.testkit;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link KafkaMain} is told: arguments {@code --port N} and {@code --data-dir DIR} win over the environment
 * ({@code KAFKA_BROKER_PORT}, {@code KAFKA_DATA_DIR}), which wins over the defaults (9092, {@code .run/kafka}).
 *
 * <p>Not {@code KAFKA_PORT}: Kubernetes and Docker links inject that name ({@code tcp://10.0.0.7:9092}) for any
 * service called "kafka", which would break a process that merely shares the environment.
 *
 * @param port the client port; 0 picks a free one
 * @param dataDir where the broker keeps its log and metadata; formatted on first use only
 */
record KafkaMainOptions(int port, Path dataDir) {

    static final int DEFAULT_PORT = 9092;
    static final Path DEFAULT_DATA_DIR = Path.of(".run", "kafka");
    static final String USAGE = "usage: KafkaMain [--port N] [--data-dir DIR]   (env: KAFKA_BROKER_PORT, KAFKA_DATA_DIR)";

    KafkaMainOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir must be set");
        }
    }

    static KafkaMainOptions parse(String[] args, Map<String, String> env) {
        String port = env.get("KAFKA_BROKER_PORT");
        String dataDir = env.get("KAFKA_DATA_DIR");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--port" -> port = value;
                case "--data-dir" -> dataDir = value;
                default -> throw new IllegalArgumentException("unknown option " + name + "; " + USAGE);
            }
        }
        return new KafkaMainOptions(parsePort(port), blank(dataDir) ? DEFAULT_DATA_DIR : Path.of(dataDir.trim()));
    }

    private static int parsePort(String text) {
        if (blank(text)) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, was '" + text + "'", e);
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
