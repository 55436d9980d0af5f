package com.sage200events.common.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code POST /instances} body.
 *
 * @param configuration the {@code configuration} object as sent, unknown keys included
 * @param providerCode {@code providerData.code}: a Sage authorization code to exchange, if given
 * @param warnings things we accepted but the user should know about
 */
public record InstanceRequest(
        String name,
        List<String> tags,
        ObjectNode configuration,
        Optional<String> providerCode,
        InstanceSettings settings,
        List<String> warnings) {
}
