package com.sage200events.common.sage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One list page as Sage answered it.
 *
 * @param records the page's records, in the order Sage sent them
 * @param sageDate Sage's clock when it answered: its {@code Date} header (RFC 9110 §6.6.1, whole seconds), if sent
 */
public record SagePage(List<JsonNode> records, Optional<Instant> sageDate) {
}
