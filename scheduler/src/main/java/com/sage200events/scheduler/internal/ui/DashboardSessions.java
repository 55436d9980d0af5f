package com.sage200events.scheduler.internal.ui;

import com.sage200events.common.redis.UiSessionStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Dashboard sign-ins, kept in Redis so that every scheduler replica behind one load balancer knows them. A
 * session is a random 256-bit id (the cookie value) naming an organization and its own CSRF token; it lasts
 * {@link #TTL} from sign-in. The account's secrets are checked at sign-in and never stored here.
 */
final class DashboardSessions {

    static final Duration TTL = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in operator: the organization they act for, and the token every form of theirs must carry. */
    record Session(String id, String organization, String csrfToken) {
    }

    private final UiSessionStore store;

    DashboardSessions(UiSessionStore store) {
        this.store = store;
    }

    Session create(String organization) {
        Session session = new Session(randomToken(), organization, randomToken());
        store.save(session.id(), new UiSessionStore.Stored(organization, session.csrfToken()), TTL);
        return session;
    }

    Optional<Session> find(String id) {
        // Cookie values are ours only if they look like ours: nothing else reaches a Redis key.
        if (id == null || !id.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return store.find(id).map(stored -> new Session(id, stored.organization(), stored.csrfToken()));
    }

    void delete(Session session) {
        store.delete(session.id());
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
