package com.sage200events.common.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a URL is one our HTTP client can call at all: what {@code java.net.URI} parses and Jetty's
 * {@code HttpClient} then sends without throwing (a port outside 1..65535 passes {@code URI} but makes Jetty throw
 * {@code IllegalArgumentException: port out of range} on every attempt; a host {@code URI} cannot read, such as
 * {@code http:///x}, {@code bücher.example} or {@code under_score.example}, makes it throw {@code Invalid URI host}).
 * Checked for a callback URL at create and PATCH, and by the SSRF guard before each delivery, so a URL that can
 * never be called is a {@code 400} naming the field, not an error retried for days.
 *
 * <p>Only the URL's shape is judged here; where it points is the SSRF guard's job
 * ({@code com.sage200events.common.http.CallbackUrlGuard}), and what it may carry is {@link UrlSecrets}'.
 * A reason never quotes the URL, which may hold a secret.
 */
public final class CallableUrl {

    /** An IPv4 address written with only digits and dots, in any of the forms resolvers disagree on. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+");
    /** Four decimal numbers 0..255 without leading zeros: the one form every tool reads the same. */
    private static final Pattern DOTTED_QUAD = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    private CallableUrl() {
    }

    /** Why {@code url} cannot be called as an http(s) endpoint, or empty when it can. No DNS look-up. */
    public static Optional<String> refusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must be an absolute http(s) URL");
        }
        if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("must not contain spaces, tabs, line breaks or other control characters (write a space in"
                    + " a path as %20)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // The reason and position, never the input (URISyntaxException's message quotes it whole).
            return Optional.of("is not a valid URL: " + e.getReason().toLowerCase(Locale.ROOT)
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an absolute http(s) URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host: letters, digits, '-' and '.' (an international name in its xn-- form), an"
                    + " IPv4 address or an IPv6 address in brackets, e.g. https://hooks.example.com/sage");
        }
        if (host.startsWith("[") && host.contains("%")) {
            // RFC 6874 zone ids name a network interface of the sending machine: not an address a receiver has.
            return Optional.of("must not give an IPv6 zone (%…): a zone names a network interface of this machine");
        }
        if (NUMERIC_HOST.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            // 2130706433 or 0177.0.0.1: Java reads 0177 as 177, curl as octal 127; only one form means one address.
            return Optional.of("must write an IPv4 address as four decimal numbers 0..255 without leading zeros (a.b.c.d)");
        }
        // URI leaves the port -1 when none is given (the scheme's default); a port it parsed may be any int.
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            return Optional.of("must have a port from 1 to 65535, not " + uri.getPort());
        }
        return Optional.empty();
    }
}
