package com.sage200events.common.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secrets carried inside a URL (DESIGN.md §7: "not hidden in a URL"; issue 16). A URL is shown in responses, the
 * dashboard and logs, so it may hold no credentials: no user-info ({@code http://user:password@host/…}), no
 * fragment ({@code #access_token=…}; never sent to a receiver anyway), and no query parameter ({@code ?token=…}) or
 * path parameter ({@code /hook;token=…}) whose name says it holds a secret ({@link #isSecretName}).
 * We refuse such URLs rather than mask them: the receiver's credentials have their own encrypted, masked fields
 * ({@code event.notification.basic.*}, sent as {@code Authorization: Basic}), and a signature proves the sender.
 */
public final class UrlSecrets {

    /**
     * Parts that mark a name as a secret wherever they appear in it: they hardly occur inside ordinary words, and
     * they catch run-together names ({@code accesstoken}, {@code clientSecret}, {@code jsessionid}, {@code PHPSESSID}).
     */
    static final List<String> SECRET_PARTS = List.of("token", "secret", "password", "passwd", "passphrase", "pwd",
            "credential", "signature", "session", "sessid", "authorization", "bearer", "jwt");
    /** Run-together names of keys ({@code APIKEY}, {@code accesskey}): "key" alone is inside too many words. */
    static final List<String> KEY_COMPOUNDS = List.of("apikey", "appkey", "accesskey", "privatekey", "clientkey",
            "signingkey", "authkey");
    /**
     * Short words that also occur inside ordinary words ({@code monkey}, {@code keyword}, {@code design},
     * {@code signup}, {@code author}), so they count only as a whole word of the name: {@code api_key}, {@code appKey},
     * {@code X-Sig}, {@code auth}.
     */
    static final List<String> SECRET_WORDS = List.of("key", "sig", "auth", "hmac");

    /** What {@link #isSecretName} means, for the user who reads a refusal. */
    static final String RULE = "a name containing " + String.join(", ", SECRET_PARTS) + " or a compound such as "
            + String.join(", ", KEY_COMPOUNDS.subList(0, 3)) + ", or with " + String.join(", ", SECRET_WORDS)
            + " as a word of its own (any case, percent-decoded), counts as a secret";

    // Also finds user-info in a URL that java.net.URI refuses to parse.
    private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@.*", Pattern.DOTALL);
    // Words of a name: split at anything but a letter or digit, and where camelCase starts a word (apiKey, APIKey).
    private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+|(?<=[\\p{Ll}\\p{N}])(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})");

    private UrlSecrets() {
    }

    /**
     * Why {@code url} carries a secret, or empty when it does not. The reason names the parameter, never a value.
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
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty(); // not a URL at all: the URL check reports it
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment (#…): a fragment is never sent to the receiver, and URLs are shown"
                    + " and logged in clear; " + remedy);
        }
        Optional<String> query = secretNamed(parameterNames(uri.getRawQuery(), "&"), "query parameter '", "'", remedy);
        return query.isPresent() ? query : secretNamed(pathParameterNames(uri.getRawPath()), "path parameter ';", "='", remedy);
    }

    /**
     * Whether a query or path parameter name says its value is a secret: it contains one of {@link #SECRET_PARTS}
     * or {@link #KEY_COMPOUNDS}, or one of its words (split at punctuation and camelCase) is one of
     * {@link #SECRET_WORDS}; case-insensitive, on the percent-decoded name. So {@code access_token}, {@code X-Api-Key}, {@code auth}, {@code credentials},
     * {@code jsessionid} and {@code sig} are secrets; {@code tenant}, {@code keyword}, {@code monkey}, {@code design}
     * and {@code author} are not.
     */
    public static boolean isSecretName(String rawName) {
        // Word breaks are read on the name as written: lower-casing first would hide the camelCase in apiKey.
        String name = decode(rawName);
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_PARTS.stream().anyMatch(lower::contains) || KEY_COMPOUNDS.stream().anyMatch(lower::contains)
                || Arrays.stream(WORD_BREAK.split(name)).map(w -> w.toLowerCase(Locale.ROOT)).anyMatch(SECRET_WORDS::contains);
    }

    private static Optional<String> secretNamed(List<String> names, String before, String after, String remedy) {
        return names.stream().filter(UrlSecrets::isSecretName).findFirst()
                .map(name -> "must not carry the " + before + abbreviate(decode(name)) + after + ": its name says it holds a"
                        + " secret (" + RULE + "), and URLs are shown and logged in clear; " + remedy);
    }

    private static List<String> parameterNames(String raw, String separator) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(raw.split(separator)).map(p -> p.contains("=") ? p.substring(0, p.indexOf('=')) : p).toList();
    }

    /**
     * {@code ;name=value} parameters of every path segment (RFC 3986 §3.3), which servers such as Java servlet
     * containers read like query parameters ({@code ;jsessionid=…}). An encoded {@code %3B} is data, not a delimiter.
     */
    private static List<String> pathParameterNames(String rawPath) {
        if (rawPath == null || !rawPath.contains(";")) {
            return List.of();
        }
        return Arrays.stream(rawPath.split("/"))
                .filter(segment -> segment.contains(";"))
                .flatMap(segment -> parameterNames(segment.substring(segment.indexOf(';') + 1), ";").stream())
                .toList();
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
