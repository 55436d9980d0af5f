package com.sage200events.sandbox;

/**
 * A fault the sandbox holds, and how it has fared.
 *
 * @param id what {@link Sandbox#removeFault} and {@code DELETE /_sandbox/faults/{id}} take
 * @param fired how many requests it has fired on so far
 * @param spent whether it fired its {@link SandboxFault#times()} and will not fire again
 */
public record ActiveFault(String id, SandboxFault fault, int fired, boolean spent) {
}
