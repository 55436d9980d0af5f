package com.sage200events.common.model;

/** Where an instance stands with Sage: authorization, and whether its configuration names what Sage has. */
public enum InstanceStatus {
    /** Waiting for the user to approve access at Sage's authorize URL. */
    PENDING_AUTHORIZATION,
    ACTIVE,
    /** Sage refused our refresh token: the user has to authorize again. */
    AUTH_FAILED,
    /**
     * Authorized, but Sage has no company with the instance's {@code company.name}; the reason lists the names
     * Sage offers. Not polled until a PATCH changes the configuration (issue 13).
     */
    CONFIGURATION_ERROR
}
