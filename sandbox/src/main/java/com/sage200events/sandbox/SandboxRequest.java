package com.sage200events.sandbox;

import java.time.Instant;

/**
 * One request the sandbox served on the Sage surface (Sage ID and API; admin calls are not logged).
 * Headers are deliberately absent: they carry bearer tokens and subscription keys.
 *
 * @param query the raw, still URL-encoded query string, or empty
 * @param fault the {@link SandboxFault.Kind#jsonName()} of the fault that shaped the answer (latency
 *     included), or empty
 */
public record SandboxRequest(Instant at, String method, String path, String query, int status, String fault) {

    /** A request served without a fault. */
    public SandboxRequest(Instant at, String method, String path, String query, int status) {
        this(at, method, path, query, status, "");
    }
}
