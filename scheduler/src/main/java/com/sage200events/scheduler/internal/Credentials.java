package com.sage200events.scheduler.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloud Elements authorization header: {@code User <secret>, Organization <secret>} for the account,
 * or {@code User <secret>, Element <instance token>} for one instance.
 */
record Credentials(String user, String organization, String element) {

    private static final Pattern PART = Pattern.compile("\\s*(User|Organization|Element)\\s+([^,\\s]+)\\s*", Pattern.CASE_INSENSITIVE);

    static Optional<Credentials> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String user = null;
        String organization = null;
        String element = null;
        for (String part : header.split(",")) {
            Matcher m = PART.matcher(part);
            if (!m.matches()) {
                return Optional.empty();
            }
            switch (m.group(1).toLowerCase()) {
                case "user" -> user = m.group(2);
                case "organization" -> organization = m.group(2);
                default -> element = m.group(2);
            }
        }
        if (user == null || (organization == null) == (element == null)) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(user, organization, element));
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "Credentials[" + (element != null ? "element" : "organization") + "]";
    }
}
