package com.sage200events.common.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One POST to a callback URL as the delivery log keeps it.
 *
 * @param statusCode the HTTP status, or 0 when there was no answer ({@code error} says why)
 * @param replay     a replay asked through the API (issue 14): tried once, outside the retry schedule and the
 *                   endpoint's circuit breaker
 */
public record DeliveryAttempt(int number, Instant at, int statusCode, long latencyMs, String error,
                              @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean replay) {

    /** An attempt of the ordinary delivery cycle. */
    public DeliveryAttempt(int number, Instant at, int statusCode, long latencyMs, String error) {
        this(number, at, statusCode, latencyMs, error, false);
    }
}
