package com.sage200events.scheduler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every line logged while it is open, ours at DEBUG included, for tests that check no secret is ever logged. */
final class CapturedLogs implements AutoCloseable {

    private static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private static final Logger OURS = (Logger) LoggerFactory.getLogger("com.sage200events");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level oursBefore;

    private CapturedLogs() {
        appender.start();
        ROOT.addAppender(appender);
        oursBefore = OURS.getLevel();
        OURS.setLevel(Level.DEBUG);
    }

    static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** Every line our process logged: message, arguments, MDC and exceptions; the sandbox plays Sage, not us. */
    List<String> ourLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            if (event.getLoggerName().startsWith("com.sage200events.sandbox")) {
                continue;
            }
            StringBuilder line = new StringBuilder(event.getFormattedMessage()).append(' ').append(event.getMDCPropertyMap());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    line.append(' ').append(frame.getSTEAsString());
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        ROOT.detachAppender(appender);
        OURS.setLevel(oursBefore);
    }
}
