package com.sage200events.dispatcher;

import com.sage200events.common.model.EventNotification;

/**
 * Sees every notification a delivery loop reads from {@code sage.events}, on that loop's thread, before it is
 * admitted. Production passes {@link #NONE}; tests use it to watch the loop (or to make it die and see
 * {@code /health} say so).
 */
public interface DeliveryObserver {

    DeliveryObserver NONE = notification -> {
    };

    void received(EventNotification notification);
}
