package com.sage200events.common.sage;

/** The X-Site / X-Company pair that addresses one company in Sage 200. */
record SageSite(String siteId, long companyId) {
}
