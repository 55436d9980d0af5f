package com.sage200events.sandbox.internal.faults;

import com.sage200events.sandbox.ActiveFault;
import com.sage200events.sandbox.SandboxFault;
import com.sage200events.sandbox.SandboxFault.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults in force, consulted once per request on the Sage surface. Faults are tried in the order
 * they were added: every latency that fires adds up, and the first other fault that fires decides how
 * the request goes wrong (later ones are not drawn, so they are not spent on a request they cannot touch).
 */
public final class FaultRegistry {

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public String add(SandboxFault fault) {
        String id = "f" + ids.incrementAndGet();
        entries.add(new Entry(id, fault));
        return id;
    }

    /** @return whether a fault had that id */
    public boolean remove(String id) {
        return entries.removeIf(e -> e.id.equals(id));
    }

    public void clear() {
        entries.clear();
    }

    public List<ActiveFault> list() {
        return entries.stream().map(Entry::state).toList();
    }

    /**
     * Draws the faults for one request.
     *
     * @param path the path below the API base ({@code /customers/5}) or, for Sage ID, the full path
     * @param list whether the request reads a list (only those can be wrapped in {@code {"value": …}})
     */
    public Decision decide(String path, boolean list) {
        if (entries.isEmpty()) {
            return Decision.NONE;
        }
        Duration latency = Duration.ZERO;
        SandboxFault chosen = null;
        for (Entry entry : entries) {
            SandboxFault fault = entry.fault;
            boolean applies = entry.glob.matches(path) && (fault.kind() != Kind.VALUE_WRAPPER || list);
            if (!applies || (chosen != null && fault.kind() != Kind.LATENCY) || !entry.fire()) {
                continue;
            }
            if (fault.kind() == Kind.LATENCY) {
                latency = latency.plus(fault.latency());
            } else {
                chosen = fault;
            }
        }
        return chosen == null && latency.isZero() ? Decision.NONE : new Decision(latency, chosen);
    }

    /**
     * What happens to one request.
     *
     * @param fault the fault that shapes the answer, or null when only latency (or nothing) applies
     */
    public record Decision(Duration latency, SandboxFault fault) {
        static final Decision NONE = new Decision(Duration.ZERO, null);

        public boolean is(Kind kind) {
            return fault != null && fault.kind() == kind;
        }
    }

    private static final class Entry {
        final String id;
        final SandboxFault fault;
        final PathGlob glob;
        final Random random;
        int fired;
        long matched;

        Entry(String id, SandboxFault fault) {
            this.id = id;
            this.fault = fault;
            this.glob = new PathGlob(fault.path());
            this.random = new Random(fault.seed());
        }

        /** One draw; synchronized so concurrent requests spend a limited fault exactly {@code times} times. */
        synchronized boolean fire() {
            if (spent() || ++matched % fault.every() != 0) {
                return false;
            }
            if (fault.probability() < 1 && random.nextDouble() >= fault.probability()) {
                return false;
            }
            fired++;
            return true;
        }

        synchronized ActiveFault state() {
            return new ActiveFault(id, fault, fired, spent());
        }

        private boolean spent() {
            return fault.times() > 0 && fired >= fault.times();
        }
    }
}
