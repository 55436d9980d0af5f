package com.sage200events.launcher;

import com.sage200events.scheduler.SchedulerConfig;

/** What the dev launcher prints once everything is up: where things are and what to paste next. */
final class DevStackBanner {

    private DevStackBanner() {
    }

    /** Secrets other than the dev ones are the user's own: the banner names their variables, never their values. */
    static String text(DevStack stack, SchedulerConfig api, String kafka, String redis) {
        String user = api.userSecret().equals(SchedulerConfig.DEV_USER_SECRET) ? api.userSecret() : "$API_USER_SECRET";
        String organization = api.organizationSecret().equals(SchedulerConfig.DEV_ORGANIZATION_SECRET)
                ? api.organizationSecret() : "$API_ORGANIZATION_SECRET";
        String auth = "User " + user + ", Organization " + organization;
        String apiUrl = stack.apiUrl();
        String sandbox = stack.sandbox().baseUrl();
        String inbox = stack.inbox().url("/inbox");
        return """

                ==================== Sage 200 Events: dev stack ready ====================
                API         %1$s   (Authorization: %2$s)
                Dashboard   %1$s/ui   (sign in with User secret %7$s, Organization secret %8$s)
                Sandbox     %3$s   (Sage 200 simulator; admin under /_sandbox)
                Inbox       %4$s   (callback URL that records deliveries)
                Kafka       %5$s
                Redis       %6$s

                1. Create the seed document's instance (callback pointed at the inbox):
                   curl -s -X POST %1$s/instances -H "Authorization: %2$s" \\
                        -H 'Content-Type: application/json' -d @examples/seed-instance.json
                2. Authorize it (the sandbox approves at once): curl -sL "<authorizationUrl from step 1>"
                3. Change a customer in Sage:
                   curl -s -X POST %3$s/_sandbox/resources/customers -H 'Content-Type: application/json' \\
                        -d '{"name":"Acme Ltd","reference":"ACME01"}'
                4. Poll now instead of waiting for the refresh interval:
                   curl -s -X POST '%1$s/instances/<id>/events/poll?resource=customers' -H "Authorization: %2$s"
                5. See what was delivered:  curl -s %4$s
                Ctrl-C stops everything.
                ===========================================================================
                """.formatted(apiUrl, auth, sandbox, inbox, kafka, redis, user, organization);
    }
}
