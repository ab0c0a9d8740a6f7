package dev.chunkcluster.examples;

import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.examples.support.Sql;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real headless Chromium on the dashboard served by the real jar: it sees the four states, each in its colour, as
 * the database changes under it, sees the warning when the database says running but nothing is alive, clicks Stop,
 * and sees Pending. Screenshots land in {@code target/} for people to look at.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver}; nothing is downloaded (the driver path is pinned, so
 * Selenium Manager is never asked).
 */
@Tag("browser")
@Tag("slow")
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");

    static final String YELLOW = "234, 179, 8";
    static final String BLUE = "37, 99, 235";
    static final String GREEN = "22, 163, 74";
    static final String GRAY = "107, 114, 128";

    @TempDir
    Path dir;

    @BeforeAll
    static void browserIsInstalled() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String reason = "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver";
            if (System.getenv("CI") != null) {
                fail("CI must run the browser test, but it " + reason);
            }
            Assumptions.abort("skipped: this test " + reason);
        }
    }

    @Test
    void seesEveryStateAndStops() throws Exception {
        Path db = dir.resolve("dashboard.db");
        Jar.Result explored = Jar.run(dir, Duration.ofMinutes(5), "explore", "--db", db.toString(),
                "--combinations", "192", "--chunk-size", "64", "--workers", "2", "--json");
        assertEquals(0, explored.exitCode(), explored.toString());

        try (Jar.Child serve = Jar.start(dir, "serve", "--db", db.toString(), "--port", "0",
                "--health-interval", "1h")) {
            String url = Await.until("serve to print its address", WAIT, () -> {
                assertTrue(serve.isAlive(), "serve ended early:\n" + serve.out() + serve.err());
                Matcher matcher = URL.matcher(serve.out());
                return matcher.find() ? matcher.group(1) : null;
            });
            WebDriver driver = chromium();
            try {
                driver.get(url);
                WebDriverWait wait = new WebDriverWait(driver, WAIT);

                awaitState(wait, driver, "Complete", GREEN);
                wait.until(d -> d.findElement(By.id("percent")).getText().equals("100.00 %"));
                wait.until(d -> d.findElements(By.cssSelector("#results tbody tr")).size() == 10);
                screenshot(driver, "dashboard-complete.png");

                Sql.update(db, "UPDATE chunks SET status = 'failed', failures = 3, tested = 0, result = NULL,"
                        + " last_error = 'lease expired three times' WHERE idx = 2");
                awaitState(wait, driver, "Idle", GRAY);

                Sql.update(db, "UPDATE chunks SET status = 'running', assigned_worker = 'worker-' || (90000 + idx),"
                        + " attempt = attempt + 1, tested = 0, result = NULL, finished_at = NULL,"
                        + " started_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
                        + " lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 hour') WHERE idx IN (1, 2)");
                awaitState(wait, driver, "Processing", YELLOW);
                // The explore run left the rows of its coordinator and workers, each marked stopped as it ended.
                assertEquals(List.of("coordinator stopped", "worker stopped"), Sql.query(db, "SELECT DISTINCT role"
                        + " || ' ' || state FROM nodes ORDER BY 1"));
                Sql.update(db, "DELETE FROM nodes");
                // Two hosts' agents: one heartbeating now with 2 workers, one silent for an hour.
                Sql.update(db, "INSERT INTO nodes (exploration, role, host, boot_id, pid, process_started_at,"
                        + " started_at, heartbeat_at, state, workers, lease_ms) VALUES"
                        + " ('ma-atr-sweep', 'agent', 'host-a', 'boot-a', 4101, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
                        + " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 hour'),"
                        + " 'running', 2, 10000),"
                        + " ('ma-atr-sweep', 'agent', 'host-b', 'boot-b', 4102, '2026-01-01T00:00:00.000Z',"
                        + " '2026-01-01T00:00:00.000Z', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour'),"
                        + " 'running', 2, 10000)");
                wait.until(d -> d.findElements(By.cssSelector("#nodes tbody tr")).size() == 2);
                List<WebElement> hosts = driver.findElements(By.cssSelector("#nodes tbody tr"));
                assertTrue(hosts.get(0).getText().startsWith("host-a agent 4101 running 2"), hosts.get(0).getText());
                assertTrue(hosts.get(1).getText().startsWith("host-b agent 4102 not alive (running) 2"),
                        hosts.get(1).getText());
                assertEquals("2", driver.findElement(By.id("node-count")).getText());
                WebElement warning = driver.findElement(By.id("stale-warning"));
                wait.until(d -> warning.isDisplayed());
                assertTrue(warning.getText().contains("2 chunks are running, but no coordinator or worker is alive"),
                        warning.getText());
                screenshot(driver, "dashboard-stale-running.png");

                driver.findElement(By.id("stop-button")).click();
                awaitState(wait, driver, "Pending", BLUE);
                wait.until(d -> d.findElement(By.id("pending-note")).getText().equals("(2 pending)"));
                wait.until(d -> !d.findElement(By.id("stale-warning")).isDisplayed());
                WebElement message = driver.findElement(By.id("control-message"));
                wait.until(d -> message.getText().startsWith("Stopped"));
                assertTrue(message.getText().contains("reset 2 running chunks to pending"), message.getText());
                assertFalse(driver.findElement(By.id("error-banner")).isDisplayed());
                wait.until(d -> d.findElement(By.id("start-button")).isEnabled());
                screenshot(driver, "dashboard.png");
            } finally {
                driver.quit();
            }
        }
        assertEquals(List.of("completed|1", "pending|2"),
                Sql.query(db, "SELECT status, COUNT(*) FROM chunks GROUP BY status ORDER BY status"));
    }

    private WebDriver chromium() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory(dir, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static void awaitState(WebDriverWait wait, WebDriver driver, String state, String rgb) {
        wait.withMessage(() -> "the dashboard shows " + state + "; it shows "
                + driver.findElement(By.id("state")).getText())
                .until(d -> d.findElement(By.id("state")).getText().equals(state));
        String border = driver.findElement(By.id("state")).getCssValue("border-top-color");
        assertTrue(border.contains(rgb), state + " is drawn in rgb(" + rgb + "); got " + border);
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        Path target = Path.of(System.getProperty("chunkcluster.screenshots", "target"));
        Files.createDirectories(target);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
