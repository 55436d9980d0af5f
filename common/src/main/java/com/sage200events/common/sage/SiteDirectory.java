package com.sage200events.common.sage;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.InstanceSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the X-Site/X-Company of an instance's {@code company.name} through {@code GET /sites}, once per
 * instance and company name: sites do not move, and every page request needs the pair.
 */
final class SiteDirectory {

    private final SageApiClient api;
    private final Map<String, SageSite> cache = new ConcurrentHashMap<>();

    SiteDirectory(SageApiClient api) {
        this.api = api;
    }

    /** Enough names to recognise the right one; an account with hundreds of sites is cut short. */
    private static final int MAX_NAMES_SHOWN = 20;

    SageSite site(long instanceId, InstanceSettings settings, String accessToken) throws SageCallException {
        String key = instanceId + "\u0000" + settings.companyName();
        SageSite cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<JsonNode> sites = api.sites(accessToken, settings.subscriptionKey());
        for (JsonNode site : sites) {
            if (settings.companyName().equalsIgnoreCase(site.path("company_name").asText())) {
                SageSite found = new SageSite(site.path("site_id").asText(), site.path("company_id").asLong());
                cache.put(key, found);
                return found;
            }
        }
        List<String> offered = sites.stream().map(s -> s.path("company_name").asText()).filter(n -> !n.isEmpty()).distinct()
                .limit(MAX_NAMES_SHOWN).toList();
        throw new SageCallException(SageCallException.Kind.CONFIGURATION, "no Sage 200 company named '" + settings.companyName()
                + "' among the " + sites.size() + " site(s) this account can see; Sage offers " + offered
                + " (fix company.name with a PATCH)");
    }
}
