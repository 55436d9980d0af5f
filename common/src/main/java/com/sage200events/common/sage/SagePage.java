package com.sage200events.common.sage;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.RawJson;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One list page as Sage answered it.
 *
 * @param records the page's records, in the order Sage sent them
 * @param sageDate Sage's clock when it answered: its {@code Date} header (RFC 9110 §6.6.1, whole seconds), if sent
 * @param sources each record's exact text as Sage sent it, index for index with {@code records}, an entry null where
 *     the text could differ from the tree (see {@link com.sage200events.common.json.SourcedArrays}); an empty list
 *     when no record's text is known (e.g. the OData {@code {"value": [...]}} shape)
 */
public record SagePage(List<JsonNode> records, Optional<Instant> sageDate, List<RawJson> sources) {

    public SagePage {
        if (!sources.isEmpty() && sources.size() != records.size()) {
            throw new IllegalArgumentException(sources.size() + " sources for " + records.size() + " records");
        }
        sources = Collections.unmodifiableList(sources); // entries may be null, which List.copyOf refuses
    }

    /** A page whose records' texts are not known. */
    public SagePage(List<JsonNode> records, Optional<Instant> sageDate) {
        this(records, sageDate, List.of());
    }
}
