package com.sage200events.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.poll.CeqlTranslator;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.common.poll.HubResource;
import com.sage200events.common.poll.UrlTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Validates {@code event.poller.configuration}: every entry's URL, where clause, fields and dates. */
final class PollerConfigValidator {

    private static final String ROOT = "configuration.event.poller.configuration";
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Instant SAMPLE = Instant.parse("2024-05-23T09:46:30Z");
    /**
     * URL → parsed template or refusal. Every poll, slot and delivery derives settings from the stored
     * configuration, and translating a where clause costs far more than the rest of validation; the same few URLs
     * recur. Bounded by clearing, which only costs a re-parse.
     */
    private static final Map<String, Object> TEMPLATES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 10_000;

    private PollerConfigValidator() {
    }

    static Map<String, ResourcePoller> pollers(JsonNode configuration, Fields f) {
        Map<String, ResourcePoller> pollers = new LinkedHashMap<>();
        if (configuration == null || configuration.isNull()) {
            return pollers;
        }
        if (!configuration.isObject()) {
            f.error(ROOT, "must be an object keyed by resource name");
            return pollers;
        }
        configuration.fields().forEachRemaining(entry -> {
            String path = ROOT + "." + Fields.key(entry.getKey());
            if (!RESOURCE_NAME.matcher(entry.getKey()).matches()) {
                f.error(path, "resource name must be letters, digits, '-' or '_' (at most 64)");
            } else if (!entry.getValue().isObject()) {
                f.error(path, "must be an object with url, idField and datesConfiguration");
            } else {
                poller(entry.getKey(), entry.getValue(), path, f).ifPresent(p -> pollers.put(p.name(), p));
            }
        });
        return pollers;
    }

    private static Optional<ResourcePoller> poller(String name, JsonNode node, String path, Fields f) {
        String url = f.requiredText(node, "url", path + ".url");
        UrlTemplate template = url == null ? null : template(url, path + ".url", f);
        HubResource hub = template == null ? null : hubResource(template, path + ".url", f);
        String idField = f.requiredText(node, "idField", path + ".idField");
        DatesConfiguration dates = dates(node.get("datesConfiguration"), path + ".datesConfiguration", f);
        int pageSize = f.positiveInt(node, "pageSize", path + ".pageSize", 1, ResourcePoller.MAX_PAGE_SIZE)
                .orElse(ResourcePoller.DEFAULT_PAGE_SIZE);
        Duration pollDelay = Duration.ofSeconds(f.positiveInt(node, "pollDelay", path + ".pollDelay", 0, 86_400).orElse(0));
        Duration tolerance = Duration.ofSeconds(
                f.positiveInt(node, "createdCheckTolerance", path + ".createdCheckTolerance", 0, 86_400).orElse(0));
        boolean filterByCurrentDate = f.bool(node, "filterByCurrentDate", path + ".filterByCurrentDate", false);
        boolean detectDeletes = f.bool(node, "detectDeletes", path + ".detectDeletes", false);
        int detectDeletesEvery = f.positiveInt(node, "detectDeletesEvery", path + ".detectDeletesEvery", 1,
                ResourcePoller.MAX_DETECT_DELETES_EVERY).orElse(ResourcePoller.DEFAULT_DETECT_DELETES_EVERY);
        if (detectDeletes && idField != null && !"id".equals(idField)) {
            // The reconciliation pages Sage's ids ($select=id); the ids it compares must be the events' object ids.
            f.error(path + ".detectDeletes", "needs idField \"id\": deletions are found by reconciling Sage's ids");
        }
        if (template == null || hub == null || idField == null || dates == null) {
            return Optional.empty();
        }
        return Optional.of(new ResourcePoller(name, url, template, hub, idField, dates, pageSize, pollDelay, tolerance,
                filterByCurrentDate, detectDeletes, detectDeletesEvery));
    }

    private static UrlTemplate template(String url, String path, Fields f) {
        Object known = TEMPLATES.get(url);
        if (known == null) {
            known = parseAndTranslate(url);
            if (TEMPLATES.size() >= MAX_CACHED) {
                TEMPLATES.clear();
            }
            TEMPLATES.put(url, known);
        }
        if (known instanceof UrlTemplate template) {
            return template;
        }
        f.error(path, (String) known);
        return null;
    }

    /** The parsed template, or why it is refused. */
    private static Object parseAndTranslate(String url) {
        try {
            UrlTemplate template = UrlTemplate.parse(url);
            // Translate once with a sample date so an untranslatable clause is refused now, not at poll time.
            template.renderWhere(SAMPLE, ZoneOffset.UTC).ifPresent(CeqlTranslator::translate);
            return template;
        } catch (IllegalArgumentException e) {
            return e.getMessage() == null ? "cannot be parsed" : e.getMessage();
        } catch (RuntimeException e) {
            // A parser bug must still be a 400 naming the field, never a 500 for the user's input.
            return "cannot be parsed (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static HubResource hubResource(UrlTemplate template, String path, Fields f) {
        Optional<HubResource> hub = HubResource.byHubName(template.hubResource());
        if (hub.isEmpty()) {
            f.error(path, "unknown hub resource '" + template.hubResource() + "' (known: " + HubResource.knownNames() + ")");
        }
        return hub.orElse(null);
    }

    private static DatesConfiguration dates(JsonNode node, String path, Fields f) {
        DatesConfiguration defaults = DatesConfiguration.defaults();
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            f.error(path, "must be an object");
            return null;
        }
        String updatedField = f.optionalText(node, "updatedDateField", path + ".updatedDateField").orElse(defaults.updatedDateField());
        String updatedFormat = format(node, "updatedDateFormat", path, f).orElse(defaults.updatedDateFormat());
        ZoneId updatedZone = zone(node, "updatedDateTimezone", path, f).orElse(defaults.updatedDateTimezone());
        String createdField = f.optionalText(node, "createdDateField", path + ".createdDateField").orElse(defaults.createdDateField());
        String createdFormat = format(node, "createdDateFormat", path, f).orElse(defaults.createdDateFormat());
        ZoneId createdZone = zone(node, "createdDateTimezone", path, f).orElse(defaults.createdDateTimezone());
        return new DatesConfiguration(updatedField, updatedFormat, updatedZone, createdField, createdFormat, createdZone);
    }

    private static Optional<String> format(JsonNode node, String key, String path, Fields f) {
        Optional<String> pattern = f.optionalText(node, key, path + "." + key);
        if (pattern.isPresent()) {
            try {
                DateFormats.formatter(pattern.get());
            } catch (IllegalArgumentException e) {
                f.error(path + "." + key, "is not a valid date format: " + e.getMessage());
                return Optional.empty();
            } catch (RuntimeException e) {
                f.error(path + "." + key, "is not a valid date format (" + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
        }
        return pattern;
    }

    private static Optional<ZoneId> zone(JsonNode node, String key, String path, Fields f) {
        Optional<String> id = f.optionalText(node, key, path + "." + key);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id.get()));
        } catch (RuntimeException e) {
            f.error(path + "." + key, "unknown time zone '" + Fields.abbreviate(id.get()) + "'");
            return Optional.empty();
        }
    }
}
