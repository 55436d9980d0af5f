package com.sage200events.scheduler.internal;

import com.sage200events.common.model.SecretFields;
import com.sage200events.common.model.StoredInstance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON an API caller sees of an instance: secrets masked, never the token (shown once at create). */
final class InstanceView {

    private InstanceView() {
    }

    static Map<String, Object> of(StoredInstance instance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id());
        view.put("name", instance.name());
        view.put("element", Map.of("key", "sage200"));
        view.put("tags", instance.tags());
        view.put("status", instance.status().name());
        if (instance.statusReason() != null) {
            view.put("statusReason", instance.statusReason());
        }
        view.put("eventsEnabled", instance.settings().eventsEnabled());
        view.put("createdDate", instance.createdAt().toString());
        view.put("configuration", SecretFields.masked(instance.configuration()));
        return view;
    }

    static Map<String, Object> created(StoredInstance instance, String token, String authorizationUrl, List<String> warnings) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id());
        view.put("token", token);
        view.putAll(of(instance));
        if (authorizationUrl != null) {
            view.put("authorizationUrl", authorizationUrl);
        }
        view.put("warnings", warnings);
        return view;
    }
}
