package com.sage200events.common.logging;

import org.slf4j.MDC;

/**
 * The MDC fields a log line carries about the work it belongs to: {@value #INSTANCE_ID}, {@value #RESOURCE} and
 * {@value #NOTIFICATION_ID}. Under {@code LOG_FORMAT=json} they appear in each line's {@code "mdc"} object
 * (README, Logs). Set them with try-with-resources on the thread that does the work; closing removes them, so a
 * pooled thread carries nothing into its next task. None of them is a secret.
 */
public final class LogContext implements AutoCloseable {

    public static final String INSTANCE_ID = "instanceId";
    public static final String RESOURCE = "resource";
    public static final String NOTIFICATION_ID = "notificationId";

    private LogContext() {
    }

    /** One poll of one resource of an instance (the worker). */
    public static LogContext poll(long instanceId, String resource) {
        MDC.put(INSTANCE_ID, Long.toString(instanceId));
        MDC.put(RESOURCE, resource);
        return new LogContext();
    }

    /** One delivery of a notification; {@code resource} is its object type (the dispatcher). */
    public static LogContext delivery(long instanceId, String resource, String notificationId) {
        poll(instanceId, resource);
        MDC.put(NOTIFICATION_ID, notificationId);
        return new LogContext();
    }

    @Override
    public void close() {
        MDC.remove(INSTANCE_ID);
        MDC.remove(RESOURCE);
        MDC.remove(NOTIFICATION_ID);
    }
}
