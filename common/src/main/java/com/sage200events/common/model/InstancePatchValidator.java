package com.sage200events.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@code PATCH /instances/{id}} body and merges it into the stored instance. {@code configuration} is
 * a JSON merge patch (RFC 7396): keys given replace, {@code null} removes, objects such as
 * {@code event.poller.configuration} merge key by key, so one resource's {@code url} can change alone. A secret
 * sent back as {@link SecretFields#MASK} keeps its stored value, so a UI can send back what it read. The merged
 * result passes every rule a create body passes; all problems are reported at once.
 */
public final class InstancePatchValidator {

    private static final Set<String> PATCHABLE = Set.of("name", "tags", "configuration", "providerData", "element");
    /** Read-only fields of our own instance view: a client sending back what it read is not warned about them. */
    private static final Set<String> VIEW_FIELDS = Set.of("id", "token", "status", "statusReason", "eventsEnabled",
            "createdDate", "authorizationUrl", "warnings");

    private InstancePatchValidator() {
    }

    public static InstancePatch validate(JsonNode body, StoredInstance current) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        Fields f = new Fields();
        JsonNode element = body.get("element");
        if (element != null && !element.isNull()
                && !(element.isObject() && InstanceValidator.ELEMENT_KEY.equals(element.path("key").asText(null)))) {
            f.error("element.key", "cannot change: this instance is a \"" + InstanceValidator.ELEMENT_KEY + "\" instance");
        }
        String name = body.has("name") ? f.requiredText(body, "name", "name") : current.name();
        List<String> tags = body.has("tags") ? InstanceValidator.tags(body.get("tags"), f) : current.tags();
        Optional<String> code = InstanceValidator.providerCode(body.get("providerData"), f);
        ObjectNode configuration = current.configuration();
        JsonNode patch = body.get("configuration");
        if (patch != null && !patch.isNull()) {
            if (!patch.isObject()) {
                f.error("configuration", "must be an object holding the keys to change (null removes a key)");
                throw f.failure();
            }
            configuration = merge(current.configuration(), (ObjectNode) patch, true);
        }
        RequestRules.check(configuration, f);
        InstanceSettings settings = InstanceValidator.settings(configuration, f);
        f.throwIfAny();
        List<String> warnings = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!PATCHABLE.contains(field) && !VIEW_FIELDS.contains(field)) {
                warnings.add(Fields.key(field) + ": unknown field, ignored");
            }
        });
        warnings.addAll(InstanceValidator.warnings(configuration, settings));
        return new InstancePatch(name == null ? current.name() : name, tags, configuration, code, settings, warnings);
    }

    /** RFC 7396 merge; at the top level a masked secret keeps the stored value. */
    static ObjectNode merge(ObjectNode target, ObjectNode patch, boolean topLevel) {
        ObjectNode merged = target.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = merged.get(key);
            if (value.isNull()) {
                merged.remove(key);
            } else if (topLevel && SecretFields.isSecret(key) && SecretFields.MASK.equals(value.asText(null)) && existing != null) {
                continue;
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merged.set(key, merge((ObjectNode) existing, (ObjectNode) value, false));
            } else {
                merged.set(key, value.deepCopy());
            }
        }
        return merged;
    }
}
