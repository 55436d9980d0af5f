package com.sage200events.testkit;

import java.net.URI;
import java.net.URISyntaxException;

/** Where a test Redis listens. No credentials: test Redis instances are local and open. */
public record RedisEndpoint(String host, int port) {

    public RedisEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** {@code redis://host:port}, the form Jedis and most clients accept. */
    public String uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "redis://" + h + ":" + port;
    }

    /**
     * Parses {@code redis://host[:port][/0]}. Anything this record cannot carry (credentials, TLS, another
     * database) is rejected rather than dropped, so a test never silently talks to the wrong place. Error
     * messages never echo the URI, since a real one may hold a password.
     */
    public static RedisEndpoint parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redis URI is malformed at index " + e.getIndex());
        }
        if (!"redis".equalsIgnoreCase(parsed.getScheme())) {
            throw new IllegalArgumentException("Redis URI scheme must be redis://, was " + parsed.getScheme());
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("Redis URI has no host");
        }
        if (parsed.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Redis URI with credentials is not supported by the test kit");
        }
        String path = parsed.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.equals("/0")) {
            throw new IllegalArgumentException("Redis URI must use database 0");
        }
        String host = parsed.getHost().replace("[", "").replace("]", "");
        return new RedisEndpoint(host, parsed.getPort() == -1 ? 6379 : parsed.getPort());
    }

    @Override
    public String toString() {
        return uri();
    }
}
