package com.sage200events.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Sandbox} runs. Immutable; start from {@link #defaults()} and use the {@code with…}
 * methods.
 *
 * @param host interface to bind; {@code 127.0.0.1} by default (use {@code 0.0.0.0} in a container)
 * @param port TCP port; {@code 0} picks a free one (read it back with {@link Sandbox#port()})
 * @param accessTokenLifetime what the token endpoint reports as {@code expires_in} and enforces;
 *     Sage ID issues 480 s tokens, whole seconds only
 * @param clock the wall clock the sandbox reads; inject a controllable one in tests
 * @param clockOffset how far "Sage's" clock runs ahead (positive) or behind (negative) {@code clock}:
 *     record stamps and token expiry use the shifted clock, as a real Sage server's would
 * @param requestLogSize how many served requests {@link Sandbox#requests()} remembers
 * @param seedData whether {@code start} and {@code reset} load the default records (sites exist
 *     either way)
 * @param sites what {@code GET /sites} returns; every company shares one data set in this version
 */
public record SandboxConfig(
        String host,
        int port,
        Duration accessTokenLifetime,
        Clock clock,
        Duration clockOffset,
        int requestLogSize,
        boolean seedData,
        List<SandboxSite> sites) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(480);
    public static final int DEFAULT_REQUEST_LOG_SIZE = 1_000;

    public SandboxConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        if (accessTokenLifetime.toMillis() < 1_000 || accessTokenLifetime.toNanosPart() != 0) {
            throw new IllegalArgumentException(
                    "accessTokenLifetime must be a positive whole number of seconds (it is sent as expires_in), was "
                            + accessTokenLifetime);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(clockOffset, "clockOffset");
        if (requestLogSize < 0) {
            throw new IllegalArgumentException("requestLogSize must not be negative, was " + requestLogSize);
        }
        Objects.requireNonNull(sites, "sites");
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("sites must not be empty");
        }
        sites = List.copyOf(sites);
    }

    /** Free port on 127.0.0.1, 480 s tokens, system UTC clock, no offset, default data, one site. */
    public static SandboxConfig defaults() {
        return new SandboxConfig(
                DEFAULT_HOST,
                0,
                DEFAULT_ACCESS_TOKEN_LIFETIME,
                Clock.systemUTC(),
                Duration.ZERO,
                DEFAULT_REQUEST_LOG_SIZE,
                true,
                List.of(SandboxSite.DEMO));
    }

    public SandboxConfig withHost(String newHost) {
        return new SandboxConfig(newHost, port, accessTokenLifetime, clock, clockOffset, requestLogSize, seedData, sites);
    }

    public SandboxConfig withPort(int newPort) {
        return new SandboxConfig(host, newPort, accessTokenLifetime, clock, clockOffset, requestLogSize, seedData, sites);
    }

    public SandboxConfig withAccessTokenLifetime(Duration lifetime) {
        return new SandboxConfig(host, port, lifetime, clock, clockOffset, requestLogSize, seedData, sites);
    }

    public SandboxConfig withClock(Clock newClock) {
        return new SandboxConfig(host, port, accessTokenLifetime, newClock, clockOffset, requestLogSize, seedData, sites);
    }

    public SandboxConfig withClockOffset(Duration offset) {
        return new SandboxConfig(host, port, accessTokenLifetime, clock, offset, requestLogSize, seedData, sites);
    }

    public SandboxConfig withRequestLogSize(int size) {
        return new SandboxConfig(host, port, accessTokenLifetime, clock, clockOffset, size, seedData, sites);
    }

    public SandboxConfig withSeedData(boolean seed) {
        return new SandboxConfig(host, port, accessTokenLifetime, clock, clockOffset, requestLogSize, seed, sites);
    }

    public SandboxConfig withSites(List<SandboxSite> newSites) {
        return new SandboxConfig(host, port, accessTokenLifetime, clock, clockOffset, requestLogSize, seedData, newSites);
    }
}
