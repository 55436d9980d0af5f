package com.sage200events.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.sage.SageTokens;
import java.util.List;
import java.util.Map;

/**
 * One instance's authenticated access to Sage 200: it reads pages, refreshing the access token once when
 * Sage answers 401 (tokens can be revoked or expire early) before giving up.
 */
final class SageSession {

    private final long instanceId;
    private final InstanceSettings settings;
    private final SageApiClient api;
    private final TokenManager tokens;
    private final SiteDirectory sites;
    private SageTokens current;

    SageSession(long instanceId, InstanceSettings settings, SageApiClient api, TokenManager tokens, SiteDirectory sites) {
        this.instanceId = instanceId;
        this.settings = settings;
        this.api = api;
        this.tokens = tokens;
        this.sites = sites;
    }

    List<JsonNode> page(String path, Map<String, String> query) throws SageCallException {
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
