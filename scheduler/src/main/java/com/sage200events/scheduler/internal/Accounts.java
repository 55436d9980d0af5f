package com.sage200events.scheduler.internal;

import com.sage200events.common.redis.AccountStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Organizations and their users, as Cloud Elements has them: an organization secret and a user secret together
 * name an organization, and every instance belongs to one. Secrets are shown once when created and stored only
 * as SHA-256 hashes (they are 256 random bits, so a plain hash cannot be brute-forced).
 *
 * <p>The account configured in the environment ({@code API_USER_SECRET} / {@code API_ORGANIZATION_SECRET}) is
 * the {@link #DEFAULT_ORGANIZATION}: a single-tenant deployment and the dev defaults need nothing in Redis.
 */
final class Accounts {

    static final String DEFAULT_ORGANIZATION = "default";

    private final AccountStore store;
    private final String bootstrapUserSecret;
    private final String bootstrapOrganizationSecret;
    private final Clock clock;

    Accounts(AccountStore store, String bootstrapUserSecret, String bootstrapOrganizationSecret, Clock clock) {
        this.store = store;
        this.bootstrapUserSecret = bootstrapUserSecret;
        this.bootstrapOrganizationSecret = bootstrapOrganizationSecret;
        this.clock = clock;
    }

    /** The organization both secrets belong to; empty unless the user is a member of that very organization. */
    Optional<String> organization(String userSecret, String organizationSecret) {
        Optional<String> organization = Secrets.same(organizationSecret, bootstrapOrganizationSecret)
                ? Optional.of(DEFAULT_ORGANIZATION)
                : store.organizationBySecret(Secrets.hash(organizationSecret));
        Optional<String> ofUser = organizationOfUser(userSecret);
        return organization.isPresent() && organization.equals(ofUser) ? organization : Optional.empty();
    }

    /** The organization a user secret belongs to, for the {@code User …, Element …} form. */
    Optional<String> organizationOfUser(String userSecret) {
        if (Secrets.same(userSecret, bootstrapUserSecret)) {
            return Optional.of(DEFAULT_ORGANIZATION);
        }
        return store.organizationOfUserBySecret(Secrets.hash(userSecret));
    }

    boolean organizationExists(String id) {
        return DEFAULT_ORGANIZATION.equals(id) || store.organizationExists(id);
    }

    /** Creates an organization; the answer carries its secret, which is never shown again. */
    Map<String, Object> createOrganization(String name) {
        String secret = Secrets.newToken();
        String id = store.createOrganization(name, Secrets.hash(secret), clock.instant());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("name", name);
        view.put("secret", secret);
        return view;
    }

    /** Creates a user of an organization; the answer carries the user's secret, which is never shown again. */
    Map<String, Object> createUser(String organization, String email) {
        if (!organizationExists(organization)) {
            throw ApiException.notFound("organization", "id");
        }
        String secret = Secrets.newToken();
        String id = store.createUser(organization, email, Secrets.hash(secret), clock.instant());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("organizationId", organization);
        view.put("email", email);
        view.put("secret", secret);
        return view;
    }
}
