package com.sage200events.worker.internal;

/** The X-Site / X-Company pair that addresses one company in Sage 200. */
record SageSite(String siteId, long companyId) {
}
