package dev.talon.ai.e2e;

import dev.talon.ai.testing.AddonPanel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.core.testing.TestPanel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pull progress bar in real Chromium (Debian's chromium and chromium-driver): htmx polls the
 * progress fragment and the bar fills without a page reload, then shows the outcome. Skipped with a
 * message when Chromium is not installed, unless TALON_REQUIRE_BROWSER=true.
 */
class PullProgressBrowserIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path root;

    @Test
    void the_progress_bar_fills_live_and_shows_success_without_a_reload() throws Exception {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (!present && "true".equals(System.getenv("TALON_REQUIRE_BROWSER"))) {
            throw new AssertionError("TALON_REQUIRE_BROWSER=true but /usr/bin/chromium or /usr/bin/chromedriver is missing "
                    + "(apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "Chromium is not installed (apt-get install chromium chromium-driver): browser test skipped");

        var ollama = FakeOllama.start().withModel("llama3.1:8b");
        ollama.enqueue("/api/pull", Reply.pullProgress(60).withChunkSizes(180).withChunkDelay(Duration.ofMillis(80)));
        try (var ai = AddonPanel.start(root, ollama, null, Map.of())) {
            WebDriver browser = chromium();
            try {
                String base = ai.panel.baseUrl();
                browser.get(base + "/auth/login");
                browser.findElement(By.name("email")).sendKeys(TestPanel.ADMIN_EMAIL);
                browser.findElement(By.name("password")).sendKeys(TestPanel.ADMIN_PASSWORD);
                browser.findElement(By.cssSelector("form button[type=submit]")).click();
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/auth/login"));

                browser.get(base + "/admin/ai/settings");
                browser.findElement(By.id("pull-model")).sendKeys("qwen3:4b");
                browser.findElement(By.id("pull-button")).click();
                var wait = new WebDriverWait(browser, Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(50));
                wait.until(d -> !d.findElements(By.cssSelector("#pull-list [data-state=running] progress[max]")).isEmpty());
                ((JavascriptExecutor) browser).executeScript("window.talonMarker = 'same page';");

                long first = wait.until(d -> partlyDone(d));
                long later = wait.until(d -> {
                    Long now = partlyDone(d);
                    return now != null && now > first ? now : null;
                });
                assertTrue(later > first, "the bar advanced while the page stayed open");
                assertTrue(browser.findElement(By.cssSelector("#pull-list .pull-status")).getText().contains("of 4.66 GB"));
                save(browser, "pull-running.png");

                WebElement done = new WebDriverWait(browser, Duration.ofSeconds(20))
                        .until(d -> d.findElements(By.cssSelector("#pull-list [data-state=succeeded]")).stream().findFirst().orElse(null));
                assertTrue(done.getText().contains("success"), done.getText());
                assertEquals("same page", ((JavascriptExecutor) browser).executeScript("return window.talonMarker;"),
                        "updated by htmx, not by reloading the page");
                save(browser, "pull-done.png");
            } finally {
                browser.quit();
            }
        }
    }

    /** The bar's value when it is strictly between empty and full, else null. */
    private static Long partlyDone(WebDriver d) {
        var bars = d.findElements(By.cssSelector("#pull-list [data-state=running] progress[max]"));
        if (bars.isEmpty()) {
            return null;
        }
        try {
            long max = Long.parseLong(bars.getFirst().getAttribute("max"));
            long value = Long.parseLong(bars.getFirst().getAttribute("value"));
            return value > 0 && value < max ? value : null;
        } catch (org.openqa.selenium.StaleElementReferenceException | NumberFormatException e) {
            return null; // htmx swapped the fragment between the two reads
        }
    }

    private WebDriver chromium() throws Exception {
        var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--user-data-dir=" + Files.createTempDirectory(root, "chromium-profile"));
        return new ChromeDriver(service, options);
    }

    private static void save(WebDriver browser, String name) throws Exception {
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
