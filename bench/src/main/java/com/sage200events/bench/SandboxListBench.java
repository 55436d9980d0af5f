package com.sage200events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxSite;
import com.sage200events.sandbox.SeedResult;
import com.sage200events.sandbox.SeedSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many records a second the sandbox serves in 500-record list pages, over real HTTP, to one client and
 * to several at once: the sandbox must never be what limits the worker benchmark (DESIGN §9: at least 5×
 * what the worker consumes).
 *
 * <p>Each client pages through all customers exactly as the worker does (keyset on
 * {@code (date_time_updated, id)} from a window start, {@code $top=500}), reading every body to the end
 * without parsing or keeping it, so the figure is the sandbox's, not a JSON parser's. The customers share stamps 20 at
 * a time, so keyset pages start inside walls of ties. The same run also times pages ordered by
 * {@code name} — a sort the indexes cannot serve — as the baseline a whole-list scan gives.
 *
 * <p>Usage: {@code bin/bench SandboxListBench [records=100000] [seconds=10] [clients=1,4]}.
 */
public final class SandboxListBench {

    private static final int PAGE = 500;
    private static final int PER_STAMP = 20;
    private static final Instant FIRST_STAMP = Instant.parse("2026-11-28T06:00:00Z");
    private static final String WINDOW = "2026-11-28T05:00:00Z";
    private static final String ORDER = "date_time_updated asc, id asc";

    private final Sandbox sandbox;
    private final SeedResult seeded;
    private final String token;

    private SandboxListBench(Sandbox sandbox, SeedResult seeded, String token) {
        this.sandbox = sandbox;
        this.seeded = seeded;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Integer> clientCounts = new ArrayList<>();
        for (String n : (args.length > 2 ? args[2] : "1,4").split(",")) {
            clientCounts.add(Integer.parseInt(n.trim()));
        }
        System.out.println(BenchReport.header("SandboxListBench"));
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withSeedData(false))) {
            long started = System.nanoTime();
            SeedResult seeded = sandbox.seed(SeedSpec.of("customers", records)
                    .stampedFrom(FIRST_STAMP, Duration.ofMillis(1)).withRecordsPerStamp(PER_STAMP));
            System.out.printf(Locale.ROOT, "seeded %,d customers in %.1f s (%d per date_time_updated)%n", records,
                    (System.nanoTime() - started) / 1e9, PER_STAMP);
            SandboxListBench bench = new SandboxListBench(sandbox, seeded, login(sandbox));
            bench.checkPages();
            long pageBytes = bench.drain(HttpClient.newHttpClient(), bench.keysetPage(1));
            System.out.printf(Locale.ROOT, "one page: %d records, %,d bytes (%.1f KiB a record)%n", PAGE, pageBytes,
                    pageBytes / 1024.0 / PAGE);
            bench.run("warm-up (keyset, 1 client)", 1, Math.max(3, seconds / 2), true);
            for (int clients : clientCounts) {
                bench.run("keyset pages, " + clients + " client" + (clients > 1 ? "s" : ""), clients, seconds, true);
            }
            bench.run("baseline: $orderby=name (full scan + top-k), 1 client", 1, seconds, false);
        }
    }

    /** Pages through the customers for {@code seconds} with {@code clients} threads; prints records/s. */
    private void run(String label, int clients, int seconds, boolean keyset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        long cpuStarted = CpuMeter.processCpuNanos();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            results.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long pages = 0;
                long bytes = 0;
                int pageCount = (seeded.created() + PAGE - 1) / PAGE;
                // Clients start at different pages, so they do not read the same page in lock step.
                for (int p = offset * pageCount / clients; System.nanoTime() < deadline; p = (p + 1) % pageCount) {
                    bytes += drain(http, keyset ? keysetPage(p) : namePage(p));
                    pages++;
                }
                return new long[] {pages, bytes};
            }));
        }
        long pages = 0;
        long bytes = 0;
        for (Future<long[]> result : results) {
            pages += result.get()[0];
            bytes += result.get()[1];
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double cpu = (CpuMeter.processCpuNanos() - cpuStarted) / 1e9;
        pool.shutdown();
        // Records per CPU-second of this whole JVM (sandbox and clients): what the figure would be on a
        // machine nobody else is using, whatever the other engineers' builds take from these 2 cores.
        System.out.printf(Locale.ROOT, "%-52s %,9.0f records/s %,6.1f pages/s %,6.1f MiB/s | %,9.0f records/CPU-s | load %.1f%n",
                label, pages * PAGE / elapsed, pages / elapsed, bytes / elapsed / (1 << 20), pages * PAGE / cpu,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The query of page {@code p}: its cursor is the last record of page {@code p - 1}, known from the seeding layout. */
    private String keysetPage(int p) {
        if (p == 0) {
            return query("date_time_updated ge " + WINDOW, ORDER, 0);
        }
        int last = p * PAGE - 1;
        String stamp = FIRST_STAMP.plusMillis(last / PER_STAMP).toString();
        long id = seeded.firstId() + last;
        return query("(date_time_updated ge " + WINDOW + ") and (date_time_updated gt " + stamp + " or (date_time_updated eq "
                + stamp + " and id gt " + id + "))", ORDER, 0);
    }

    private String namePage(int p) {
        return query("date_time_updated ge " + WINDOW, "name asc, id asc", (long) p * PAGE);
    }

    private static String query(String filter, String order, long skip) {
        return "?$filter=" + encode(filter) + "&$orderby=" + encode(order) + "&$top=" + PAGE + (skip > 0 ? "&$skip=" + skip : "");
    }

    /** Before timing anything: the keyset pages really return the next 500 records, in order. */
    private void checkPages() throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        int lastPage = (seeded.created() - 1) / PAGE;
        for (int p : new int[] {0, 1, lastPage}) {
            JsonNode page = json.readTree(fetch(http, keysetPage(p)));
            long first = seeded.firstId() + (long) p * PAGE;
            int expected = Math.min(PAGE, seeded.created() - p * PAGE);
            if (page.size() != expected || page.get(0).get("id").asLong() != first
                    || page.get(expected - 1).get("id").asLong() != first + expected - 1) {
                throw new IllegalStateException("page " + p + " is not records " + first + ".." + (first + expected - 1));
            }
        }
    }

    private byte[] fetch(HttpClient http, String query) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request(query), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + query + " answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * Reads a page to its last byte through a small buffer and returns its size: the client keeps no copy of
     * the 1.8 MB page, so the figure is what the sandbox can serve, not what one client can buffer.
     */
    private long drain(HttpClient http, String query) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(query), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                bytes += n;
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + query + " answered " + response.statusCode());
        }
        return bytes;
    }

    private HttpRequest request(String query) {
        SandboxSite site = sandbox.sites().get(0);
        return HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/customers" + query))
                .header("Authorization", "Bearer " + token)
                .header("ocp-apim-subscription-key", "bench")
                .header("X-Site", site.siteId())
                .header("X-Company", Integer.toString(site.companyId()))
                .GET().build();
    }

    /** Sage ID's code flow, as the worker's instances do it, for a bearer token. */
    private static String login(Sandbox sandbox) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String redirect = "http://localhost/bench";
        HttpResponse<Void> authorized = http.send(HttpRequest.newBuilder(URI.create(sandbox.authorizeUrl()
                + "?response_type=code&client_id=bench&scope=openid&redirect_uri=" + encode(redirect))).build(),
                HttpResponse.BodyHandlers.discarding());
        String location = authorized.headers().firstValue("Location").orElseThrow();
        String code = location.substring(location.indexOf("code=") + 5);
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(sandbox.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=bench&client_secret=bench"
                        + "&redirect_uri=" + encode(redirect) + "&code=" + code)).build(), HttpResponse.BodyHandlers.ofString());
        Map<?, ?> body = new ObjectMapper().readValue(token.body(), Map.class);
        return (String) body.get("access_token");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
