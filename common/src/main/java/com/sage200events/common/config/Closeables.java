package com.sage200events.common.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shutdown helpers: closing one part must never stop the others from closing. */
public final class Closeables {

    private static final Logger log = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    public static void safeClose(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("error while closing {}: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
