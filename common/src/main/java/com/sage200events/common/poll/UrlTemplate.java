package com.sage200events.common.poll;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A poller URL such as {@code /hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'}:
 * the hub resource it reads and a CEQL {@code where} clause with date placeholders. Placeholders
 * ({@code ${date:FMT}}, {@code ${gmtDate:FMT}}, {@code ${dateTimeZone:ZONE:FMT}}, {@code ${epoch}},
 * {@code ${epoch:s|ms|us}}) are checked when the template is parsed, so a bad one is refused at create time.
 * The {@code where} value is read as written, with the {@code %} rule of {@link CeqlEscapes} (README, "Where
 * clauses and %"): a {@code %} is a LIKE wildcard or a literal, and only a {@code %XX} escape of one printable
 * UTF-8 character is decoded.
 */
public final class UrlTemplate {

    private static final String HUB_PREFIX = "/hubs/finance/";

    private final String hubResource;
    private final String where;
    private final List<Placeholder> placeholders;

    private UrlTemplate(String hubResource, String where, List<Placeholder> placeholders) {
        this.hubResource = hubResource;
        this.where = where;
        this.placeholders = placeholders;
    }

    /** Parses the template; problems are {@link IllegalArgumentException}s with a message for a person. */
    public static UrlTemplate parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        String trimmed = url.trim();
        if (!trimmed.startsWith(HUB_PREFIX)) {
            throw new IllegalArgumentException("must start with " + HUB_PREFIX + " (e.g. /hubs/finance/customers)");
        }
        int query = trimmed.indexOf('?');
        String resource = query < 0 ? trimmed.substring(HUB_PREFIX.length()) : trimmed.substring(HUB_PREFIX.length(), query);
        if (resource.isEmpty() || resource.contains("/")) {
            throw new IllegalArgumentException("must name one hub resource after " + HUB_PREFIX);
        }
        String where = query < 0 ? null : whereParameter(trimmed.substring(query + 1));
        List<Placeholder> placeholders = where == null ? List.of() : Placeholder.scan(where);
        return new UrlTemplate(resource, where, placeholders);
    }

    private static String whereParameter(String queryString) {
        String where = null;
        for (String pair : splitOutsideQuotes(queryString)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("where")) {
                where = CeqlEscapes.decode(pair.substring(eq + 1));
            } else if (!name.isEmpty()) {
                throw new IllegalArgumentException("unsupported query parameter '" + name + "' (only 'where' is read)");
            }
        }
        return where;
    }

    /** The query string's parameters: an {@code &} inside a quoted CEQL value ({@code name = 'A&B'}) splits nothing. */
    private static List<String> splitOutsideQuotes(String queryString) {
        List<String> pairs = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < queryString.length(); i++) {
            char c = queryString.charAt(i);
            if (c == '\\' && quoted && i + 1 < queryString.length() && queryString.charAt(i + 1) == '\'') {
                i++;
            } else if (c == '\'') {
                quoted = !quoted;
            } else if (c == '&' && !quoted) {
                pairs.add(queryString.substring(start, i));
                start = i + 1;
            }
        }
        pairs.add(queryString.substring(start));
        return pairs;
    }

    public String hubResource() {
        return hubResource;
    }

    /** The raw CEQL clause with its placeholders, if the URL has one. */
    public Optional<String> where() {
        return Optional.ofNullable(where);
    }

    public boolean hasPlaceholders() {
        return !placeholders.isEmpty();
    }

    /** The {@code where} clause with every placeholder replaced by {@code since}. */
    public Optional<String> renderWhere(Instant since, ZoneId serverZone) {
        if (where == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Placeholder p : placeholders) {
            out.append(where, at, p.start()).append(p.render(since, serverZone));
            at = p.end();
        }
        return Optional.of(out.append(where.substring(at)).toString());
    }

    /** One {@code ${...}} occurrence in the where clause. */
    record Placeholder(int start, int end, String kind, ZoneId zone, String pattern, boolean wholeLiteral) {

        static List<Placeholder> scan(String where) {
            List<Placeholder> found = new ArrayList<>();
            int from = 0;
            while (true) {
                int start = where.indexOf("${", from);
                if (start < 0) {
                    return found;
                }
                int end = closingBrace(where, start + 2);
                boolean whole = start > 0 && where.charAt(start - 1) == '\''
                        && end + 1 < where.length() && where.charAt(end + 1) == '\'';
                found.add(of(where.substring(start + 2, end), start, end + 1, whole));
                from = end + 1;
            }
        }

        // A '}' inside a quoted part of a date pattern does not close the placeholder.
        private static int closingBrace(String text, int from) {
            boolean quoted = false;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (c == '}' && !quoted) {
                    return i;
                }
            }
            throw new IllegalArgumentException("placeholder '${' is not closed by '}'");
        }

        private static Placeholder of(String body, int start, int end, boolean whole) {
            int colon = body.indexOf(':');
            String kind = colon < 0 ? body : body.substring(0, colon);
            String rest = colon < 0 ? null : body.substring(colon + 1);
            return switch (kind) {
                case "date" -> new Placeholder(start, end, kind, null, checkedPattern(rest), whole);
                case "gmtDate" -> new Placeholder(start, end, kind, ZoneOffset.UTC, checkedPattern(rest), whole);
                case "dateTimeZone" -> {
                    int sep = rest == null ? -1 : rest.indexOf(':');
                    if (sep < 0) {
                        throw new IllegalArgumentException("${dateTimeZone:ZONE:FORMAT} needs a zone and a format");
                    }
                    yield new Placeholder(start, end, kind, zone(rest.substring(0, sep)),
                            checkedPattern(rest.substring(sep + 1)), whole);
                }
                case "epoch" -> {
                    String unit = rest == null ? "ms" : rest;
                    if (!List.of("s", "ms", "us").contains(unit)) {
                        throw new IllegalArgumentException("${epoch:UNIT} takes s, ms or us, not '" + unit + "'");
                    }
                    yield new Placeholder(start, end, kind, null, unit, whole);
                }
                default -> throw new IllegalArgumentException("unknown placeholder '${" + body + "}'"
                        + " (known: date, gmtDate, dateTimeZone, epoch)");
            };
        }

        private static String checkedPattern(String pattern) {
            if (pattern == null || pattern.isEmpty()) {
                throw new IllegalArgumentException("date placeholder needs a format, e.g. ${date:yyyy-MM-dd'T'HH:mm:ss}");
            }
            try {
                DateFormats.formatter(pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad date format '" + pattern + "': " + e.getMessage());
            }
            return pattern;
        }

        private static ZoneId zone(String id) {
            try {
                return ZoneId.of(id);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unknown time zone '" + id + "'");
            }
        }

        String render(Instant since, ZoneId serverZone) {
            if (kind.equals("epoch")) {
                return switch (pattern) {
                    case "s" -> Long.toString(since.getEpochSecond());
                    case "us" -> Long.toString(since.getEpochSecond() * 1_000_000 + since.getNano() / 1_000);
                    default -> Long.toString(since.toEpochMilli());
                };
            }
            ZoneId renderZone = kind.equals("date") ? serverZone : zone;
            String text = DateFormats.format(since, pattern, renderZone);
            if (!wholeLiteral) {
                return text;
            }
            // A quoted date is read back in the zone it was written in and handed on as an unambiguous UTC
            // stamp: Sage's $filter has no zones, and the user's format (say, whole days) still sets the bound.
            return DateFormats.parse(text, pattern, renderZone).map(DateFormats::sageStamp).orElse(text);
        }
    }
}
