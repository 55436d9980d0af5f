package com.sage200events.scheduler;

import java.util.Map;

/**
 * The control plane's settings.
 *
 * @param port HTTP port of the instances API ({@code SCHEDULER_PORT}, default 8080)
 * @param publicBaseUrl how users (and Sage's redirect) reach this API ({@code PUBLIC_BASE_URL})
 * @param userSecret the account's {@code User} secret ({@code API_USER_SECRET})
 * @param organizationSecret the account's {@code Organization} secret ({@code API_ORGANIZATION_SECRET})
 * @param quartzThreads threads that fire poll slots ({@code SCHEDULER_THREADS}, default 4)
 */
public record SchedulerConfig(int port, String publicBaseUrl, String userSecret, String organizationSecret, int quartzThreads) {

    public static final String DEV_USER_SECRET = "dev-user-secret";
    public static final String DEV_ORGANIZATION_SECRET = "dev-org-secret";

    public SchedulerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (userSecret == null || userSecret.isBlank()) {
            throw new IllegalArgumentException("userSecret must be set");
        }
        if (organizationSecret == null || organizationSecret.isBlank()) {
            throw new IllegalArgumentException("organizationSecret must be set");
        }
        if (quartzThreads < 1) {
            throw new IllegalArgumentException("quartzThreads must be at least 1");
        }
        publicBaseUrl = publicBaseUrl == null ? null : publicBaseUrl.replaceAll("/+$", "");
    }

    public static SchedulerConfig fromEnv(Map<String, String> env) {
        int port = Integer.parseInt(env.getOrDefault("SCHEDULER_PORT", "8080"));
        return new SchedulerConfig(port,
                env.getOrDefault("PUBLIC_BASE_URL", "http://localhost:" + port),
                env.getOrDefault("API_USER_SECRET", DEV_USER_SECRET),
                env.getOrDefault("API_ORGANIZATION_SECRET", DEV_ORGANIZATION_SECRET),
                Integer.parseInt(env.getOrDefault("SCHEDULER_THREADS", "4")));
    }

    /** The same settings on another port (0 picks a free one); the public URL follows unless set apart. */
    public SchedulerConfig withPort(int newPort, String newPublicBaseUrl) {
        return new SchedulerConfig(newPort, newPublicBaseUrl, userSecret, organizationSecret, quartzThreads);
    }

    public boolean usesDevSecrets() {
        return DEV_USER_SECRET.equals(userSecret) || DEV_ORGANIZATION_SECRET.equals(organizationSecret);
    }
}
