package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.dispatcher.RetryPolicy;
import com.sage200events.scheduler.SchedulerConfig;
import com.sage200events.testkit.WebhookReceiver;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by
 * Selenium; the driver path is set, so Selenium Manager never downloads anything). An operator signs in, sees
 * the instance, polls a change and sees it delivered, sees a notification parked after its retries, presses
 * Redeliver and sees it delivered. Screenshots go to {@code target/screenshots/}.
 */
class DashboardBrowserIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static PipelineFixture fixture;
    private static WebhookReceiver receiver;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        // CI installs both (.ci/run); elsewhere a machine without them skips this test rather than fail it.
        if (!installed && System.getenv("CI") == null) {
            Assumptions.abort("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        }
        receiver = WebhookReceiver.start();
        fixture = new PipelineFixture(o -> o.withDispatcher(o.dispatcher()
                .withRetry(new RetryPolicy(List.of(Duration.ofMillis(200)), 0, Duration.ofMinutes(1)))));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1100", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void anOperatorSeesADeliveryParksOneAndRedeliversItFromTheDashboard() throws Exception {
        String suffix = Long.toString(System.nanoTime());
        String apiSecret = "api-secret-" + suffix;
        String password = "basic-password-" + suffix;
        long id = createInstance(apiSecret, password, "/browser-" + suffix);

        browser.get(fixture.stack.apiUrl() + "/ui");
        assertThat(browser.getCurrentUrl()).endsWith("/ui/login");
        browser.findElement(By.id("user")).sendKeys(SchedulerConfig.DEV_USER_SECRET);
        browser.findElement(By.id("organization")).sendKeys(SchedulerConfig.DEV_ORGANIZATION_SECRET);
        button("Sign in").click();
        awaitHeading("Instances");
        WebElement row = rowContaining("instances", "Dashboard shop " + suffix);
        assertThat(row.getText()).contains("ACTIVE").contains("on");
        Cookie session = browser.manage().getCookieNamed("s200e_ui");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        screenshot("1-instances");

        row.findElement(By.linkText(Long.toString(id))).click();
        awaitHeading("Instance " + id + ": Dashboard shop " + suffix);
        assertThat(rowContaining("resources", "customers").getText()).contains("OK");

        Map<String, Object> delivered = fixture.stack.sandbox().create("customers", Map.of("name", "Browser Ltd " + suffix));
        button("Poll now").click();
        awaitNotice("Poll requested for every resource.");
        awaitRow("notifications", "CREATED customers " + delivered.get("id"), "DELIVERED");
        screenshot("2-delivered");

        receiver.respondWith(500, 500);
        Map<String, Object> parked = fixture.stack.sandbox().create("customers", Map.of("name", "Parked Ltd " + suffix));
        button("Poll now").click();
        WebElement parkedRow = awaitRow("parked", "CREATED customers " + parked.get("id"), "QUEUED");
        assertThat(parkedRow.getText()).contains("gave up after 2 attempts").contains("HTTP 500");
        parkedRow.findElement(By.tagName("summary")).click();
        assertThat(parkedRow.findElement(By.tagName("pre")).getText()).contains("\"Parked Ltd " + suffix + "\"").contains("\"message\"");
        screenshot("3-parked");

        parkedRow.findElement(By.xpath(".//button[normalize-space()='Redeliver']")).click();
        awaitNotice("Redelivery scheduled.");
        awaitRow("notifications", "CREATED customers " + parked.get("id"), "DELIVERED");
        assertThat(table("parked").getText()).contains("None.");
        screenshot("4-redelivered");

        assertThat(browser.getPageSource()).contains("********").doesNotContain(apiSecret).doesNotContain(password);
        assertThat(receiver.requests("/browser-" + suffix)).hasSize(4);
        assertThat(postWithoutCsrfToken("/ui/instances/" + id + "/poll", session)).isEqualTo(403);
    }

    private long createInstance(String apiSecret, String password, String path) {
        ObjectNode body = (ObjectNode) PipelineFixture.json(fixture.seedInstance(receiver.url(path)));
        body.put("name", "Dashboard shop " + path.substring("/browser-".length()));
        ObjectNode configuration = (ObjectNode) body.get("configuration");
        configuration.put("oauth.api.secret", apiSecret);
        configuration.put("event.notification.basic.password", password);
        ((ObjectNode) configuration.get("event.poller.configuration")).retain("customers");
        return fixture.createAuthorizedInstance(body.toString());
    }

    /** Reloads the page until table {@code tableId} has a row naming {@code text} with {@code status}. */
    private static WebElement awaitRow(String tableId, String text, String status) {
        String page = browser.getCurrentUrl().replaceAll("\\?.*", "");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            browser.get(page);
            return rowContaining(tableId, text).findElements(By.xpath("./td[2]")).get(0).getText().equals(status);
        });
        return rowContaining(tableId, text);
    }

    private static WebElement rowContaining(String tableId, String text) {
        return table(tableId).findElements(By.cssSelector("tbody tr")).stream()
                .filter(r -> r.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no row of #" + tableId + " shows '" + text + "'"));
    }

    private static WebElement table(String id) {
        return browser.findElement(By.id(id));
    }

    private static WebElement button(String label) {
        return browser.findElement(By.xpath("//button[normalize-space()='" + label + "']"));
    }

    /** The notice a pressed button leads to, once the page it redirected to shows one. */
    /** Waits until the page's notice reads {@code expected}: after a POST the browser loads the page that shows it. */
    private static void awaitNotice(String expected) {
        try {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> expected.equals(browser.findElement(By.cssSelector("[role=status]")).getText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("notice '" + expected + "' not shown at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
    }

    /**
     * Waits until the page's heading reads {@code expected}, as a person waits for the next page to load: the old
     * page's heading (or a stale element while the browser swaps pages) does not count.
     */
    private static void awaitHeading(String expected) {
        try {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> expected.equals(browser.findElement(By.tagName("h1")).getText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("heading '" + expected + "' not shown at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A forged form post: the session cookie (as a cross-site page could not even send it) but no CSRF token. */
    private static int postWithoutCsrfToken(String path, Cookie session) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.stack.apiUrl() + path))
                .header("Cookie", session.getName() + "=" + session.getValue())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
