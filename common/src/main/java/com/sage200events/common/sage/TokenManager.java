package com.sage200events.common.sage;

import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.SageTokenStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each instance's Sage access token fresh, shared by every worker through Redis. Refreshing is
 * single-flight across all workers: Sage rotates refresh tokens, so two workers refreshing at once would
 * leave one holding a dead token and the instance broken. Whoever takes the Redis lock refreshes; the others
 * wait for the new pair to appear.
 */
final class TokenManager {

    private static final Logger log = LoggerFactory.getLogger(TokenManager.class);
    private static final Duration EARLY_REFRESH = Duration.ofSeconds(60);
    private static final Duration LOCK_TTL = Duration.ofSeconds(30);
    private static final Duration WAIT_FOR_PEER = Duration.ofSeconds(20);

    private final SageTokenStore store;
    private final InstanceRepository instances;
    private final SageIdClient sageId;
    private final Clock clock;

    TokenManager(SageTokenStore store, InstanceRepository instances, SageIdClient sageId, Clock clock) {
        this.store = store;
        this.instances = instances;
        this.sageId = sageId;
        this.clock = clock;
    }

    /** A token valid for at least another minute. */
    SageTokens valid(long instanceId, InstanceSettings settings) throws SageCallException {
        SageTokens current = store.find(instanceId).orElseThrow(() -> new SageCallException(
                SageCallException.Kind.NOT_AUTHORIZED, "instance " + instanceId + " has no Sage tokens: authorize it first"));
        if (!expiresSoon(current)) {
            return current;
        }
        return refresh(instanceId, settings, current);
    }

    boolean expiresSoon(SageTokens tokens) {
        return !tokens.expiresAt().isAfter(clock.instant().plus(EARLY_REFRESH));
    }

    /** Sage refused {@code rejected} before its expiry: renew it once. */
    SageTokens refreshAfterRejection(long instanceId, InstanceSettings settings, SageTokens rejected) throws SageCallException {
        return refresh(instanceId, settings, rejected);
    }

    private SageTokens refresh(long instanceId, InstanceSettings settings, SageTokens stale) throws SageCallException {
        String lockToken = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + WAIT_FOR_PEER.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SageTokens> renewedByPeer = renewedSince(instanceId, stale);
            if (renewedByPeer.isPresent()) {
                return renewedByPeer.get();
            }
            if (store.tryLockRefresh(instanceId, lockToken, LOCK_TTL)) {
                try {
                    // Re-read under the lock: a peer may have finished just before we took it.
                    Optional<SageTokens> latest = renewedSince(instanceId, stale);
                    return latest.isPresent() ? latest.get() : refreshNow(instanceId, settings, store.find(instanceId).orElse(stale));
                } finally {
                    store.unlockRefresh(instanceId, lockToken);
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new SageCallException(SageCallException.Kind.UNAVAILABLE, "timed out waiting for another worker's token refresh");
    }

    private Optional<SageTokens> renewedSince(long instanceId, SageTokens stale) {
        return store.find(instanceId).filter(t -> !t.accessToken().equals(stale.accessToken()));
    }

    private SageTokens refreshNow(long instanceId, InstanceSettings settings, SageTokens current) throws SageCallException {
        if (current.refreshToken() == null || current.refreshToken().isBlank()) {
            markAuthFailed(instanceId, "the access token expired and there is no refresh token");
            throw new SageCallException(SageCallException.Kind.NOT_AUTHORIZED, "no refresh token for instance " + instanceId);
        }
        try {
            SageTokens fresh = sageId.refresh(settings.oauthApiKey(), settings.oauthApiSecret(), current.refreshToken());
            store.save(instanceId, fresh);
            log.info("refreshed Sage tokens of instance {} (valid until {})", instanceId, fresh.expiresAt());
            return fresh;
        } catch (SageAuthException e) {
            markAuthFailed(instanceId, e.getMessage());
            throw new SageCallException(SageCallException.Kind.NOT_AUTHORIZED, e.getMessage());
        } catch (IOException e) {
            throw new SageCallException(SageCallException.Kind.UNAVAILABLE, "cannot refresh Sage tokens: " + e.getMessage(), null, e);
        }
    }

    private void markAuthFailed(long instanceId, String reason) {
        log.warn("instance {} needs authorizing again: {}", instanceId, reason);
        instances.markAuthFailed(instanceId, reason);
    }
}
