package com.sage200events.common.model;

/** Where an instance stands with Sage authorization. */
public enum InstanceStatus {
    /** Waiting for the user to approve access at Sage's authorize URL. */
    PENDING_AUTHORIZATION,
    ACTIVE,
    /** Sage refused our refresh token: the user has to authorize again. */
    AUTH_FAILED
}
