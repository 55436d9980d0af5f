package com.sage200events.systemtest;

import com.sage200events.sandbox.SandboxChange;
import com.sage200events.systemtest.CallbackLedger.RecordKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's change log against what the receivers accepted (issue 16's reckoning). Each change of a resource is
 * owed once to every instance that polls that resource. It counts as delivered when a callback for that record
 * arrived carrying that version or a later one: a poll sees only a record's latest version, so a change that the
 * next change to the same record overtook within one poll window reaches the receiver through its successor. A
 * change with no such callback is lost. Latency runs from the write in the sandbox to that first arrival.
 */
final class SoakReckoning {

    private SoakReckoning() {}

    /**
     * @param lost (instance, change) pairs with no callback of that version or later (must be 0)
     * @param superseded delivered pairs whose own version never arrived, only a later one
     * @param lostExamples up to 10 lost pairs, for the report
     * @param latencies change-to-callback latency of every delivered pair, unsorted
     */
    record Result(long changes, long owed, long delivered, long superseded, long lost, List<String> lostExamples,
                  List<Duration> latencies) {

        Duration percentile(double p) {
            if (latencies.isEmpty()) {
                return Duration.ZERO;
            }
            List<Duration> sorted = latencies.stream().sorted().toList();
            int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }

    /**
     * @param changes the sandbox's changes made while the load ran
     * @param pollersByResource for each sandbox resource, the instances polling it (the poller is named after it)
     */
    static Result reckon(List<SandboxChange> changes, Map<String, List<Long>> pollersByResource, CallbackLedger ledger) {
        long owed = 0;
        long delivered = 0;
        long superseded = 0;
        List<String> lostExamples = new ArrayList<>();
        List<Duration> latencies = new ArrayList<>();
        for (SandboxChange change : changes) {
            if (change.updated() == null) {
                continue; // an admin write of a null stamp: no poller can see it; the soak makes none
            }
            for (long instanceId : pollersByResource.getOrDefault(change.resource(), List.of())) {
                owed++;
                RecordKey key = new RecordKey(instanceId, change.resource(), Long.toString(change.id()));
                Optional<Instant> arrival = ledger.firstArrivalOfVersionAtLeast(key, change.updated());
                if (arrival.isEmpty()) {
                    if (lostExamples.size() < 10) {
                        lostExamples.add("instance " + instanceId + " " + change);
                    }
                    continue;
                }
                delivered++;
                if (!ledger.hasVersion(key, change.updated())) {
                    superseded++;
                }
                latencies.add(Duration.between(change.at(), arrival.get()));
            }
        }
        return new Result(changes.size(), owed, delivered, superseded, owed - delivered, List.copyOf(lostExamples), latencies);
    }
}
