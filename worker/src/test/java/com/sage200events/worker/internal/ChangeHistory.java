package com.sage200events.worker.internal;

import java.time.Duration;
import java.util.List;

/**
 * A random history of a Sage 200 ledger as our poller meets it: what Sage's clock says compared with ours,
 * what existed before the instance, and a sequence of changes and polls.
 */
record ChangeHistory(Duration sageClockOffset, int preexisting, int pageSize, List<Step> steps) {

    /** One thing that happens. */
    sealed interface Step permits Create, Update, SharedStamp, LateCommit, Poll {
    }

    /** {@code count} new records, stamped now by Sage's clock. */
    record Create(int count) implements Step {
    }

    /** Ordinary updates of the records at these positions (modulo how many exist). */
    record Update(List<Integer> picks) implements Step {
    }

    /** {@code count} records (new ones, and updates of existing ones) all written with one identical stamp. */
    record SharedStamp(int count, boolean newRecords) implements Step {
    }

    /** An update that commits late: its stamp lies {@code millisBack} before Sage's now (within the lookback). */
    record LateCommit(int pick, long millisBack) implements Step {
    }

    /** A poll; {@code fault} names what Sage does to one of its requests (NONE for a clean poll). */
    record Poll(Fault fault) implements Step {
    }

    /** What can go wrong with one poll's requests. */
    enum Fault { NONE, THROTTLED, SERVER_ERROR, UPDATES_BETWEEN_PAGES }
}
