package com.sage200events.common.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code PATCH /instances/{id}} body, already merged into the stored instance.
 *
 * @param configuration the whole configuration after the merge, unknown keys included
 * @param providerCode {@code providerData.code}: a Sage authorization code to exchange, if given
 * @param warnings things we accepted but the user should know about
 */
public record InstancePatch(
        String name,
        List<String> tags,
        ObjectNode configuration,
        Optional<String> providerCode,
        InstanceSettings settings,
        List<String> warnings) {

    public InstancePatch {
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
    }
}
