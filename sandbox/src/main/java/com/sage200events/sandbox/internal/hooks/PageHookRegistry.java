package com.sage200events.sandbox.internal.hooks;

import com.sage200events.sandbox.ActiveHook;
import com.sage200events.sandbox.PageHook;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Page hooks in force. The list route reports each page it has computed; a hook whose count is reached
 * runs right there, on the request's thread, before the page is sent, so the client cannot ask for
 * the next page before the change is in.
 */
public final class PageHookRegistry {

    private static final Logger log = LoggerFactory.getLogger(PageHookRegistry.class);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public String add(PageHook hook, Runnable action) {
        String id = "h" + ids.incrementAndGet();
        entries.add(new Entry(id, hook, action));
        return id;
    }

    public boolean remove(String id) {
        return entries.removeIf(e -> e.id.equals(id));
    }

    public void clear() {
        entries.clear();
    }

    public List<ActiveHook> list() {
        return entries.stream().map(Entry::state).toList();
    }

    /**
     * A list request to {@code resource} has been answered (its page is computed, not yet sent).
     *
     * @param continuation whether it asked for a page after the first ({@code $skip} or a keyset bound)
     */
    public void pageServed(String resource, boolean continuation) {
        for (Entry entry : entries) {
            if (entry.hook.resource().equals(resource)
                    && (entry.hook.match() == PageHook.Match.ANY || continuation)) {
                entry.count();
            }
        }
    }

    private static final class Entry {
        final String id;
        final PageHook hook;
        final Runnable action;
        int counted;
        boolean fired;
        String error;

        Entry(String id, PageHook hook, Runnable action) {
            this.id = id;
            this.hook = hook;
            this.action = action;
        }

        /** Synchronized: two concurrent pages must not both be "the n-th", nor run the action twice. */
        synchronized void count() {
            if (fired) {
                return;
            }
            counted++;
            if (counted < hook.afterRequests()) {
                return;
            }
            fired = true;
            try {
                action.run();
            } catch (RuntimeException e) {
                // The page still goes out: a broken hook must not turn into a failure the poller would see.
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                log.warn("Page hook {} on {} failed: {}", id, hook.resource(), error);
            }
        }

        synchronized ActiveHook state() {
            return new ActiveHook(id, hook, counted, fired, error);
        }
    }
}
