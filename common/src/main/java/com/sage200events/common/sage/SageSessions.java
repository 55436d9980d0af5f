package com.sage200events.common.sage;

import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.redis.RedisStores;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds {@link SageSession}s that share one HTTP client, one token manager and one site directory. */
public final class SageSessions {

    private final SageApiClient api;
    private final TokenManager tokens;
    private final SiteDirectory sites;
    private final SageRetry retry;
    private final Clock clock;
    private final Runnable onWait;
    private final ExecutorService fetchers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sage-page-fetch");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param timeout total time allowed for one Sage request
     * @param retry how short refusals are waited out inside a poll
     * @param registry where the waits are counted ({@code sage_throttle_waits_total})
     */
    public SageSessions(RedisStores redis, SageEndpoints endpoints, Duration timeout, SageRetry retry, Clock clock,
                        MeterRegistry registry) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.api = new SageApiClient(http, endpoints.apiBaseUrl(), timeout);
        this.tokens = new TokenManager(redis.sageTokens(), redis.instances(),
                new SageIdClient(http, endpoints, clock), clock);
        this.sites = new SiteDirectory(api);
        this.retry = retry;
        this.clock = clock;
        this.onWait = registry.counter("sage_throttle_waits_total")::increment;
    }

    /** A session for one poll of one instance; its {@link SageClock} learns Sage's time from this poll's answers. */
    public SageSession session(long instanceId, InstanceSettings settings) {
        return new SageSession(instanceId, settings, api, tokens, sites, fetchers, retry, new SageClock(clock), onWait);
    }
}
