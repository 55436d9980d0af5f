package com.sage200events.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The broker's acknowledgements of records sent together: everything is sent before anything is awaited, so a
 * batch costs one broker round trip, not one per record (the producer keeps their order per partition).
 */
public final class Acknowledgements {

    private final List<Future<RecordMetadata>> futures;

    public Acknowledgements(List<Future<RecordMetadata>> futures) {
        this.futures = List.copyOf(futures);
    }

    /**
     * Waits for every record, each at most {@code timeout}.
     *
     * @return the indexes (in send order) of the records the broker did not acknowledge; all that remain once
     *     the thread is interrupted (its interrupt flag is set again)
     */
    public List<Integer> unacknowledged(Duration timeout) {
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed.add(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (int rest = i; rest < futures.size(); rest++) {
                    failed.add(rest);
                }
                break;
            }
        }
        return failed;
    }

    /**
     * Waits for every record, each at most {@code timeout}.
     *
     * @throws NotAcknowledged naming the first failure; nothing may be committed then
     */
    public void await(Duration timeout) throws NotAcknowledged {
        for (Future<RecordMetadata> ack : futures) {
            try {
                ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new NotAcknowledged("Kafka did not acknowledge the records: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new NotAcknowledged("Kafka did not acknowledge the records within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotAcknowledged("interrupted while waiting for Kafka's acknowledgements", e);
            }
        }
    }

    /** Records the broker did not acknowledge. */
    public static final class NotAcknowledged extends Exception {
        NotAcknowledged(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
