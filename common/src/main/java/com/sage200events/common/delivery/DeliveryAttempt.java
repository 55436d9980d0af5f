package com.sage200events.common.delivery;

import java.time.Instant;

/**
 * One POST to a callback URL as the delivery log keeps it.
 *
 * @param statusCode the HTTP status, or 0 when there was no answer ({@code error} says why)
 */
public record DeliveryAttempt(int number, Instant at, int statusCode, long latencyMs, String error) {
}
