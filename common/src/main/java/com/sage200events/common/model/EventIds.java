package com.sage200events.common.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic ids. The same change (instance, object type, object id, updated stamp) always gets the same
 * event id, across retries, re-polls and restarts, so receivers can drop repeats by id.
 */
public final class EventIds {

    /** A digest per thread: looking one up costs more than hashing an id's few bytes, and a digest is not thread-safe. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    });

    private EventIds() {
    }

    public static String eventId(long instanceId, String objectType, String objectId, Instant updated) {
        return "evt_" + digest(instanceId + "\u0000" + objectType + "\u0000" + objectId + "\u0000" + updated.toEpochMilli());
    }

    /**
     * The id of a {@code DELETED} event (DESIGN §5): from the word {@code DELETED} and the stamp of the last version
     * delivered for the record, or, when no delivered version is kept, the number of the reconciliation that found it
     * gone. Either stays the same when a failed or cut-short reconciliation is run again, so a re-run emits the same id.
     *
     * @param basis {@code stamp:<epoch ms>} or {@code reconciliation:<n>}
     */
    public static String deletedEventId(long instanceId, String objectType, String objectId, String basis) {
        return "evt_" + digest(instanceId + "\u0000" + objectType + "\u0000" + objectId + "\u0000DELETED\u0000" + basis);
    }

    /** The id of a notification derives from the ids of the events it carries, in order. */
    public static String notificationId(List<String> eventIds) {
        return "msg_" + digest(String.join("\u0000", eventIds));
    }

    private static String digest(String text) {
        byte[] hash = SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8)); // digest() resets it for the next
        // 128 bits are plenty for uniqueness and keep headers short.
        return HexFormat.of().formatHex(hash, 0, 16);
    }
}
