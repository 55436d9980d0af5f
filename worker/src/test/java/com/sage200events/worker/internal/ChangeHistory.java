package com.sage200events.worker.internal;

import java.time.Duration;
import java.util.List;

/**
 * A random history of a Sage 200 ledger as our poller meets it: what Sage's clock says compared with ours,
 * what existed before the instance, how steadily Sage throttles, and a sequence of changes and polls.
 *
 * @param throttleEvery 0, or N: Sage answers every N-th request 429 for the whole history (a shared gateway's quota)
 * @param retryAfterSeconds the {@code Retry-After} of those 429s
 */
record ChangeHistory(Duration sageClockOffset, int preexisting, int pageSize, int throttleEvery, int retryAfterSeconds,
                     List<Step> steps) {

    /** One thing that happens. */
    sealed interface Step permits Create, Update, SharedStamp, LateCommit, FutureStamp, Poll {
    }

    /** An update stamped {@code secondsAhead} past Sage's now: a server clock ahead, or a BST/UTC mix-up. */
    record FutureStamp(int pick, int secondsAhead) implements Step {
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

    /**
     * A poll; {@code fault} names what Sage does to its page requests (each fails with a chance, drawn from
     * {@code seed}), or which records change between two of its pages.
     */
    record Poll(Fault fault, long seed, List<Integer> picks) implements Step {
    }

    /** What can go wrong during one poll. */
    enum Fault { NONE, THROTTLED, SERVER_ERROR, GATEWAY_TIMEOUT, TRUNCATED_JSON, HTML_PAGE, CUT_CONNECTION, VALUE_WRAPPER,
        UPDATES_BETWEEN_PAGES }
}
