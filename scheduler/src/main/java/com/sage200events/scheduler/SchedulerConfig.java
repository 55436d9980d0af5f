package com.sage200events.scheduler;

import com.sage200events.common.config.Env;
import java.util.Map;

/**
 * The control plane's settings.
 *
 * @param port HTTP port of the instances API ({@code SCHEDULER_PORT}, default 8080)
 * @param publicBaseUrl how users (and Sage's redirect) reach this API ({@code PUBLIC_BASE_URL})
 * @param userSecret the account's {@code User} secret ({@code API_USER_SECRET})
 * @param organizationSecret the account's {@code Organization} secret ({@code API_ORGANIZATION_SECRET})
 * @param quartzThreads threads that fire poll slots ({@code SCHEDULER_THREADS}, default 4)
 * @param adminToken the {@code Authorization: Bearer} token of the admin API that creates organizations and users
 *     ({@code API_ADMIN_TOKEN}); {@code null} disables that API. Defaults to {@link #DEV_ADMIN_TOKEN} only while the
 *     dev account secrets are in use, so a production deployment never gets a well-known admin token by omission.
 * @param maxRequestBytes the largest request body accepted; larger ones get a {@code 413}
 *     ({@code API_MAX_REQUEST_BYTES}, default 256 KiB: the seed document's JSON is about 5 KiB)
 */
public record SchedulerConfig(int port, String publicBaseUrl, String userSecret, String organizationSecret, int quartzThreads,
                              String adminToken, int maxRequestBytes) {

    public static final String DEV_USER_SECRET = "dev-user-secret";
    public static final String DEV_ORGANIZATION_SECRET = "dev-org-secret";
    public static final String DEV_ADMIN_TOKEN = "dev-admin-token";
    public static final int DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;

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
        if (adminToken != null && adminToken.isBlank()) {
            throw new IllegalArgumentException("adminToken must not be blank (leave it unset to disable the admin API)");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
        }
        publicBaseUrl = publicBaseUrl == null ? null : publicBaseUrl.replaceAll("/+$", "");
    }

    /** Reads the variables named above; a value that does not parse names its variable. */
    public static SchedulerConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        int port = env.integer("SCHEDULER_PORT", 8080);
        String userSecret = env.string("API_USER_SECRET", DEV_USER_SECRET);
        String organizationSecret = env.string("API_ORGANIZATION_SECRET", DEV_ORGANIZATION_SECRET);
        boolean dev = DEV_USER_SECRET.equals(userSecret) && DEV_ORGANIZATION_SECRET.equals(organizationSecret);
        return new SchedulerConfig(port,
                env.string("PUBLIC_BASE_URL", "http://localhost:" + port),
                userSecret,
                organizationSecret,
                env.integer("SCHEDULER_THREADS", 4),
                env.string("API_ADMIN_TOKEN", dev ? DEV_ADMIN_TOKEN : null),
                env.integer("API_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES));
    }

    /** The same settings on another port (0 picks a free one); the public URL follows unless set apart. */
    public SchedulerConfig withPort(int newPort, String newPublicBaseUrl) {
        return new SchedulerConfig(newPort, newPublicBaseUrl, userSecret, organizationSecret, quartzThreads, adminToken,
                maxRequestBytes);
    }

    /** The same settings with another admin token ({@code null} disables the admin API). */
    public SchedulerConfig withAdminToken(String newAdminToken) {
        return new SchedulerConfig(port, publicBaseUrl, userSecret, organizationSecret, quartzThreads, newAdminToken,
                maxRequestBytes);
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "SchedulerConfig[port=" + port + ", publicBaseUrl=" + publicBaseUrl + ", quartzThreads=" + quartzThreads
                + ", adminApi=" + (adminToken != null) + ", maxRequestBytes=" + maxRequestBytes + "]";
    }

    public boolean usesDevSecrets() {
        return DEV_USER_SECRET.equals(userSecret) || DEV_ORGANIZATION_SECRET.equals(organizationSecret);
    }
}
