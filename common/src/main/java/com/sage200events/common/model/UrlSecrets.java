package com.sage200events.common.model;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secrets carried inside a URL (DESIGN.md §7: "not hidden in a URL"; issue 16). A URL is shown in responses, the
 * dashboard and logs, so it may hold no credentials: neither user-info ({@code http://user:password@host/…}) nor a
 * query parameter whose name says it is one ({@code token}, {@code secret}, {@code key}, {@code sig},
 * {@code password}, in any case and as part of a longer name such as {@code api_key} or {@code signature}).
 * We refuse such URLs rather than mask them: the receiver's credentials have their own encrypted, masked fields
 * ({@code event.notification.basic.*}, sent as {@code Authorization: Basic}), and a signature proves the sender.
 */
public final class UrlSecrets {

    /** Parts of a query parameter name that mark its value as a secret. */
    public static final List<String> SECRET_PARAMETER_HINTS = List.of("token", "secret", "key", "sig", "password");

    // Also finds user-info in a URL that java.net.URI refuses to parse.
    private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@.*", Pattern.DOTALL);

    private UrlSecrets() {
    }

    /**
     * Why {@code url} carries a secret, or empty when it does not. The reason names the query parameter, never a value.
     *
     * @param remedy what to use instead, appended to the reason (e.g. "set event.notification.basic.username and …")
     */
    public static Optional<String> refusal(String url, String remedy) {
        if (url == null) {
            return Optional.empty();
        }
        if (USER_INFO.matcher(url).matches()) {
            return Optional.of("must not carry credentials before the host (user:password@): URLs are shown and logged in clear; "
                    + remedy);
        }
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a URL at all: the URL check reports it
        }
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            String name = decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
            String lower = name.toLowerCase(Locale.ROOT);
            if (SECRET_PARAMETER_HINTS.stream().anyMatch(lower::contains)) {
                return Optional.of("must not carry the query parameter '" + abbreviate(name) + "': its name says it holds a secret,"
                        + " and URLs are shown and logged in clear; " + remedy);
            }
        }
        return Optional.empty();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
