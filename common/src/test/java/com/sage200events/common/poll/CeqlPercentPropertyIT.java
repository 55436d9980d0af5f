package com.sage200events.common.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.poll.SqlLikeReference.AnyOne;
import com.sage200events.common.poll.SqlLikeReference.AnyRun;
import com.sage200events.common.poll.SqlLikeReference.Literal;
import com.sage200events.common.poll.SqlLikeReference.Piece;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxSite;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 17: random CEQL clauses with {@code %}, {@code _}, quotes, brackets, URL escapes and non-ASCII text go through
 * the poller URL ({@link UrlTemplate}) and the translator, and the sandbox's evaluation of the resulting
 * {@code $filter} (over real HTTP) selects exactly the customers that SQL Server's reading of the clause
 * ({@link SqlLikeReference}) selects. A clause Sage's OData cannot express must be refused, and only such a clause.
 */
class CeqlPercentPropertyIT {

    private static final String ALPHABET = "aBe41C' \u00e9\u00df\u03a9\u65e5&+%_[]\u03a3\u03c2";
    private static final List<String> NAMES = List.of("Honey Bee", "Acme Ltd", "acme", "100%", "50% off", "O'Brien", "Caf\u00e9",
            "Stra\u00dfe", "\u0391\u03a3", "\u65e5\u672c\u5546\u4e8b", "ACC_01", "ACCx01", "A[1]", "%41", "A", "A&B", "a+b", "41",
            "2024 report", "%Bee", "_", "[", "'");
    private static final Pattern HEX_AFTER_PERCENT = Pattern.compile("%[0-9A-Fa-f]{2}");
    private static final AtomicInteger translated = new AtomicInteger();
    private static final AtomicInteger refused = new AtomicInteger();

    private static Sandbox sandbox;
    private static final Map<Long, String> customers = new HashMap<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static String accessToken;

    @BeforeContainer
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults().withSeedData(false));
        List<String> names = new ArrayList<>(NAMES);
        Random random = new Random(17);
        for (int i = 0; i < 40; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = 1 + random.nextInt(5); n > 0; n--) {
                name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            names.add(name.toString());
        }
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> created = sandbox.create("customers", Map.of("name", names.get(i), "reference", "P" + i));
            customers.put(((Number) created.get("id")).longValue(), names.get(i));
        }
        accessToken = login();
    }

    @AfterContainer
    static void stop() {
        sandbox.close();
        System.out.printf("CeqlPercentPropertyIT: %d clauses translated and checked against the sandbox, %d refused%n",
                translated.get(), refused.get());
        assertThat(translated.get()).as("most generated clauses are translatable").isGreaterThan(refused.get());
    }

    /** Shrunk by the property: the sandbox's contains() lower-cased whole strings, and "ΑΣ" ends in a final sigma, ς. */
    @Example
    void aFinalSigmaMatchesAsAnyOtherSigma() throws Exception {
        assertThat(checked(new Clause(List.of(
                Condition.of(Operator.LIKE, 1, List.of(new Part(new Literal('\u03a3'), Render.RAW)), 1)), " AND "))).isTrue();
    }

    /** Issue 17's inputs: '%Bee' once reached Sage as eq '\uFFFDe'; 'Acme%', '%ac%' and = '100%' were refused. */
    @Example
    void theIssuesFourClausesSelectWhatTheySay() throws Exception {
        for (Condition condition : List.of(like(1, "Bee", 0), like(0, "Acme", 1), like(1, "ac", 1),
                Condition.of(Operator.EQUALS, 0, literals("100%"), 0))) {
            assertThat(checked(new Clause(List.of(condition), " AND "))).as(condition.text()).isTrue();
        }
    }

    private static Condition like(int leading, String core, int trailing) {
        return Condition.of(Operator.LIKE, leading, literals(core), trailing);
    }

    private static List<Part> literals(String text) {
        return text.chars().mapToObj(c -> new Part(new Literal((char) c), Render.RAW)).toList();
    }

    @Property(tries = 400)
    void theSandboxSelectsWhatSqlServerWouldForTheClauseAsWritten(@ForAll("clauses") Clause clause) throws Exception {
        checked(clause);
    }

    /** Whether the clause was translated (and its selection checked); false when it was, rightly, refused. */
    private static boolean checked(Clause clause) throws Exception {
        String url = "/hubs/finance/customers?where=" + clause.text();
        String filter;
        try {
            filter = CeqlTranslator.translate(UrlTemplate.parse(url).renderWhere(Instant.EPOCH, ZoneOffset.UTC).orElseThrow());
        } catch (IllegalArgumentException e) {
            assertThat(clause.mayBeRefused()).as("refused %s: %s", clause.text(), e.getMessage()).isTrue();
            assertThat(e.getMessage()).startsWith("where clause:").doesNotContain("\uFFFD");
            refused.incrementAndGet();
            return false;
        }
        assertThat(clause.mustBeRefused()).as("%s should have been refused, got %s", clause.text(), filter).isFalse();
        assertThat(filter).doesNotContain("\uFFFD");

        Set<Long> expected = new HashSet<>();
        customers.forEach((id, name) -> {
            if (clause.holdsFor(name)) {
                expected.add(id);
            }
        });
        assertThat(sandboxSelects(filter)).as("%s as %s", clause.text(), filter).isEqualTo(expected);
        translated.incrementAndGet();
        return true;
    }

    @Provide
    Arbitrary<Clause> clauses() {
        Arbitrary<Part> literal = Combinators.combine(
                Arbitraries.of(ALPHABET.chars().mapToObj(c -> (char) c).toList()),
                Arbitraries.frequency(Tuple.of(6, Render.RAW), Tuple.of(1, Render.BRACKET), Tuple.of(1, Render.ESCAPED)))
                .as((c, render) -> new Part(new Literal(c), render));
        Arbitrary<Part> corePart = Arbitraries.frequencyOf(
                Tuple.of(24, literal),
                Tuple.of(1, Arbitraries.just(new Part(new AnyOne(), Render.RAW))),
                Tuple.of(1, Arbitraries.just(new Part(new AnyRun(), Render.RAW))));
        Arbitrary<Condition> condition = Combinators.combine(
                Arbitraries.of(Operator.values()),
                Arbitraries.integers().between(0, 2),
                corePart.list().ofMaxSize(5),
                Arbitraries.integers().between(0, 2))
                .as((op, leading, core, trailing) -> Condition.of(op, leading, core, trailing));
        return Combinators.combine(condition.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(" AND ", " OR ", " and "))
                .as(Clause::new);
    }

    private static Set<Long> sandboxSelects(String filter) throws Exception {
        SandboxSite site = sandbox.sites().get(0);
        String query = "$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20") + "&$top=500";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/customers?" + query))
                .header("Authorization", "Bearer " + accessToken).header("ocp-apim-subscription-key", "property")
                .header("X-Site", site.siteId()).header("X-Company", Integer.toString(site.companyId())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s -> %s", filter, response.body()).isEqualTo(200);
        Set<Long> ids = new HashSet<>();
        for (JsonNode record : Json.tree(response.body())) {
            ids.add(record.get("id").asLong());
        }
        return ids;
    }

    private static String login() throws Exception {
        String redirect = "http://localhost/cb";
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(sandbox.authorizeUrl()
                + "?response_type=code&client_id=property&scope=openid%20offline_access&state=s&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        String location = authorize.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        return new SageIdClient(http, new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null), Clock.systemUTC())
                .exchangeCode("property", "secret", code, redirect).accessToken();
    }

    enum Operator { LIKE, NOT_LIKE, EQUALS, NOT_EQUALS }

    /** How a literal character is written: as itself, as {@code [c]} (LIKE only) or as its {@code %XX} URL escape. */
    enum Render { RAW, BRACKET, ESCAPED }

    record Part(Piece piece, Render render) {
    }

    /** One {@code name <op> '<value>'} condition, with the meaning it was generated with. */
    record Condition(Operator op, List<Part> parts) {

        static Condition of(Operator op, int leading, List<Part> core, int trailing) {
            List<Part> parts = new ArrayList<>();
            boolean like = op == Operator.LIKE || op == Operator.NOT_LIKE;
            for (int i = 0; i < (like ? leading : 0); i++) {
                parts.add(new Part(new AnyRun(), Render.RAW));
            }
            for (Part part : core) {
                // In an equality, % and _ are characters like any other.
                parts.add(like || part.piece() instanceof Literal ? part
                        : new Part(new Literal(part.piece() instanceof AnyRun ? '%' : '_'), Render.RAW));
            }
            for (int i = 0; i < (like ? trailing : 0); i++) {
                parts.add(new Part(new AnyRun(), Render.RAW));
            }
            return new Condition(op, parts);
        }

        boolean like() {
            return op == Operator.LIKE || op == Operator.NOT_LIKE;
        }

        String text() {
            String keyword = switch (op) {
                case LIKE -> " LIKE ";
                case NOT_LIKE -> " NOT LIKE ";
                case EQUALS -> " = ";
                case NOT_EQUALS -> " != ";
            };
            StringBuilder value = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                value.append(render(i));
            }
            return "name" + keyword + "'" + value + "'";
        }

        private String render(int index) {
            Piece piece = parts.get(index).piece();
            if (piece instanceof AnyRun) {
                return "%";
            }
            if (piece instanceof AnyOne) {
                return "_";
            }
            char c = ((Literal) piece).c();
            Render render = parts.get(index).render();
            if (c == '\'') {
                return "''";
            }
            if (like() && "%_[".indexOf(c) >= 0) {
                return "[" + c + "]";
            }
            if (!like() && c == '%' && (render == Render.ESCAPED || nextIsHexDigit(index))) {
                return "%25"; // the documented way to keep a % that two hex digits follow
            }
            return switch (render) {
                case RAW -> String.valueOf(c);
                case BRACKET -> like() ? "[" + c + "]" : String.valueOf(c);
                case ESCAPED -> escaped(c);
            };
        }

        private boolean nextIsHexDigit(int index) {
            return index + 1 < parts.size() && parts.get(index + 1).piece() instanceof Literal next
                    && parts.get(index + 1).render() != Render.ESCAPED && Character.digit(next.c(), 16) >= 0;
        }

        private static String escaped(char c) {
            StringBuilder out = new StringBuilder();
            for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
            return out.toString();
        }

        /** A LIKE with a %XX escape in its pattern is ambiguous; one with _ or a % inside has no OData form. */
        boolean mustBeRefused() {
            if (!like()) {
                return false;
            }
            boolean escaped = parts.stream().anyMatch(p -> p.piece() instanceof Literal l && l.c() != '\''
                    && "%_[".indexOf(l.c()) < 0 && p.render() == Render.ESCAPED);
            int first = 0;
            int last = parts.size();
            while (first < last && parts.get(first).piece() instanceof AnyRun) {
                first++;
            }
            while (last > first && parts.get(last - 1).piece() instanceof AnyRun) {
                last--;
            }
            boolean wildcardInside = parts.subList(first, last).stream().anyMatch(p -> !(p.piece() instanceof Literal));
            return escaped || wildcardInside;
        }

        /** Also a wildcard % followed by two hex digits: it may read as an escape, so a refusal is right there too. */
        boolean mayBeRefused() {
            return mustBeRefused() || (like() && HEX_AFTER_PERCENT.matcher(text()).find());
        }

        boolean holdsFor(String name) {
            List<Piece> pieces = parts.stream().map(Part::piece).toList();
            return switch (op) {
                case LIKE -> SqlLikeReference.like(name, pieces);
                case NOT_LIKE -> !SqlLikeReference.like(name, pieces);
                case EQUALS -> SqlLikeReference.equal(name, literalText());
                case NOT_EQUALS -> !SqlLikeReference.equal(name, literalText());
            };
        }

        private String literalText() {
            StringBuilder text = new StringBuilder();
            parts.forEach(p -> text.append(((Literal) p.piece()).c()));
            return text.toString();
        }
    }

    /** One to three conditions joined by one connective. */
    record Clause(List<Condition> conditions, String joiner) {

        String text() {
            return String.join(joiner, conditions.stream().map(Condition::text).toList());
        }

        boolean mustBeRefused() {
            return conditions.stream().anyMatch(Condition::mustBeRefused);
        }

        boolean mayBeRefused() {
            return conditions.stream().anyMatch(Condition::mayBeRefused);
        }

        boolean holdsFor(String name) {
            return joiner.trim().equalsIgnoreCase("AND")
                    ? conditions.stream().allMatch(c -> c.holdsFor(name))
                    : conditions.stream().anyMatch(c -> c.holdsFor(name));
        }
    }
}
