package com.sage200events.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.testkit.JsonHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /openapi.json} documents exactly the routes served, and the README's API table names exactly those. */
class OpenApiContractIT {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Pattern README_ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s\\[?]*)[^`]*`");

    private static SchedulerFixture fixture;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        JsonHttp.Response response = JsonHttp.withHeaders(Map.of()).get(fixture.url("/openapi.json"));
        SchedulerFixture.require(response, 200);
        document = response.json();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theDocumentListsExactlyTheRoutesJavalinServes() {
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(documented()).isEqualTo(new TreeSet<>(fixture.scheduler.routes()));
    }

    @Test
    void everyOperationHasAnIdASummaryAndItsResponses() {
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                String where = op.getKey() + " " + path.getKey();
                assertThat(op.getValue().path("operationId").asText()).as(where).isNotBlank();
                assertThat(op.getValue().path("summary").asText()).as(where).isNotBlank();
                assertThat(op.getValue().path("responses").size()).as(where).isPositive();
            }
        }));
    }

    @Test
    void theReadmesApiSectionNamesExactlyTheDocumentedRoutes() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## API");
        assertThat(start).as("README has an API section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Set<String> named = new TreeSet<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = README_ROUTE.matcher(line);
                while (m.find()) {
                    named.add(m.group(1) + " " + m.group(2));
                }
            }
        }
        assertThat(named).isEqualTo(documented());
    }

    private static Set<String> documented() {
        Set<String> routes = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return routes;
    }
}
