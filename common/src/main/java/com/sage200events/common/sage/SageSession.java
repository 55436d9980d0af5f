package com.sage200events.common.sage;

import com.sage200events.common.model.InstanceSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One instance's authenticated access to Sage 200 for one poll: it reads pages, refreshing the access token once
 * when Sage answers 401 (tokens can be revoked or expire early) before giving up, waiting out short throttling in
 * place ({@link SageRetry}), and reading Sage's clock from every answer ({@link #sageClock()}).
 */
public final class SageSession {

    private final long instanceId;
    private final InstanceSettings settings;
    private final SageApiClient api;
    private final TokenManager tokens;
    private final SiteDirectory sites;
    private final Executor fetcher;
    private final SageRetry retry;
    private final SageClock sageClock;
    private final Runnable onWait;
    private SageTokens current;

    SageSession(long instanceId, InstanceSettings settings, SageApiClient api, TokenManager tokens, SiteDirectory sites,
                Executor fetcher, SageRetry retry, SageClock sageClock, Runnable onWait) {
        this.instanceId = instanceId;
        this.settings = settings;
        this.api = api;
        this.tokens = tokens;
        this.sites = sites;
        this.fetcher = fetcher;
        this.retry = retry;
        this.sageClock = sageClock;
        this.onWait = onWait;
    }

    /** Sage's clock as this session's answers have shown it. */
    public SageClock sageClock() {
        return sageClock;
    }

    /**
     * Fetches a page in the background, so the next page travels while the current one is processed. One
     * fetch at a time per session: the caller waits for each before asking for the next.
     */
    public CompletableFuture<SagePage> pageAsync(String path, Map<String, String> query) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return page(path, query);
            } catch (SageCallException e) {
                throw new CompletionException(e);
            }
        }, fetcher);
    }

    /** Waits for a background page, unwrapping the expected failures. */
    public static SagePage await(CompletableFuture<SagePage> page) throws SageCallException {
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SageCallException sage) {
                throw sage;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** One page, asked again after each short refusal that {@link SageRetry} says to wait out. */
    public SagePage page(String path, Map<String, String> query) throws SageCallException {
        for (int refusals = 1; ; refusals++) {
            try {
                SagePage page = authorizedPage(path, query);
                sageClock.observe(page.sageDate());
                return page;
            } catch (SageCallException e) {
                Optional<Duration> wait = retry.waitBefore(e, refusals);
                if (wait.isEmpty()) {
                    throw e;
                }
                onWait.run();
                pause(wait.get(), e);
            }
        }
    }

    private void pause(Duration wait, SageCallException refusal) throws SageCallException {
        try {
            retry.pause().sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw refusal;
        }
    }

    private SagePage authorizedPage(String path, Map<String, String> query) throws SageCallException {
        // Read the shared token once per poll, not once per page; renew only when it is about to expire.
        if (current == null || tokens.expiresSoon(current)) {
            current = tokens.valid(instanceId, settings);
        }
        try {
            SageSite site = sites.site(instanceId, settings, current.accessToken());
            return api.page(path, query, current.accessToken(), settings.subscriptionKey(), site);
        } catch (SageCallException e) {
            if (e.kind() != SageCallException.Kind.UNAUTHORIZED) {
                throw e;
            }
            current = tokens.refreshAfterRejection(instanceId, settings, current);
            SageSite site = sites.site(instanceId, settings, current.accessToken());
            return api.page(path, query, current.accessToken(), settings.subscriptionKey(), site);
        }
    }
}
