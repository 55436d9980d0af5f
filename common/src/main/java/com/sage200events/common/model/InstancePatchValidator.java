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
 *
 * <p>What a PATCH cannot change is refused, never ignored: a field of our instance view ({@code id}, {@code token},
 * {@code status}, {@code eventsEnabled}, …) is a {@code 400} naming it as read-only, and {@code configuration} or
 * {@code element} sent as {@code null} (which would remove them) a {@code 400} naming them. The manual's only flow is
 * {@code POST /instances}; no client of it sends a read body back, so a read-only field in a PATCH is a client that
 * believes it changes something. Unknown top-level fields stay warnings, as at create.
 */
public final class InstancePatchValidator {

    private static final Set<String> PATCHABLE = Set.of("name", "tags", "configuration", "providerData", "element");
    /** Fields of our instance view (and create response) that only we set, with where to change them, if anywhere. */
    private static final Map<String, String> READ_ONLY = Map.of(
            "id", "",
            "token", "",
            "webhookSecret", " (POST /instances/{id}/webhook-secret/rotate replaces it)",
            "status", " (authorizing with Sage changes it: POST /instances/{id}/authorization, or providerData.code here)",
            "statusReason", "",
            "eventsEnabled", " (PUT or DELETE /instances/{id}/enabled, or configuration.event.notification.enabled here)",
            "createdDate", "",
            "authorizationUrl", " (POST /instances/{id}/authorization makes a new one)",
            "warnings", "");

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
        if (element != null && element.isNull()) {
            f.error("element", "cannot be removed: this instance is a \"" + InstanceValidator.ELEMENT_KEY + "\" instance");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (READ_ONLY.containsKey(field)) {
                f.error(field, "is read-only" + READ_ONLY.get(field));
            }
        });
        String name = body.has("name") ? f.requiredText(body, "name", "name") : current.name();
        List<String> tags = body.has("tags") ? InstanceValidator.tags(body.get("tags"), f) : current.tags();
        Optional<String> code = InstanceValidator.providerCode(body.get("providerData"), f);
        ObjectNode configuration = current.configuration();
        JsonNode patch = body.get("configuration");
        if (patch != null) {
            if (!patch.isObject()) {
                f.error("configuration", (patch.isNull() ? "cannot be removed: it " : "") + "must be an object holding the keys to "
                        + "change (null removes a key)");
                throw f.failure();
            }
            configuration = merge(current.configuration(), (ObjectNode) patch, true);
        }
        RequestRules.check(configuration, f);
        InstanceSettings settings = InstanceValidator.settings(configuration, f);
        f.throwIfAny();
        List<String> warnings = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!PATCHABLE.contains(field) && !READ_ONLY.containsKey(field)) {
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
