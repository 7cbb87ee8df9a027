package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.servers.ServersFixture;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Analyze" in the file manager in real Chromium (issue 8, acceptance 1): open a config file in the
 * editor, click Analyze, watch the code model's review stream in and end as sanitised HTML, with the
 * file's password masked in what the model received. Skipped when Chromium is missing.
 */
class FileAnalyzeBrowserIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path root;

    @Test
    void analyze_on_an_open_file_streams_the_review_into_the_page() throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(), "Chromium is not installed: browser test skipped");
        var ollama = FakeOllama.start().withModel("codellama:7b");
        try (var ai = AddonPanel.start(root, ollama, null, Map.of())) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("files@example.com");
            var server = servers.demoServer(owner.user().id(), false, Map.of());
            Files.writeString(servers.service().node().serverDirectory(server.uuid()).resolve("server.properties"),
                    "online-mode=false\nrcon.password=TopSecret99\nenable-rcon=true\n");
            ollama.enqueue("/api/chat", Reply.chat("## Problems\n", "- `online-mode=false` lets anyone ", "join.\n",
                    "<img src=x onerror=alert(1)>\n## Suggested edits\n", "Line 1: `online-mode=true`").withChunkDelay(Duration.ofMillis(40)));
            WebDriver browser = chromium();
            try {
                browser.get(ai.panel.baseUrl() + "/auth/login");
                browser.findElement(By.name("email")).sendKeys("files@example.com");
                browser.findElement(By.name("password")).sendKeys("password-123456");
                browser.findElement(By.cssSelector("form button[type=submit]")).click();
                var wait = new WebDriverWait(browser, Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(50));
                wait.until(d -> !d.getCurrentUrl().contains("/auth/login"));
                browser.get(ai.panel.baseUrl() + "/server/" + server.identifier() + "/files/edit?file=/server.properties");

                WebElement analyze = wait.until(d -> d.findElements(By.id("ai-analyze")).stream().findFirst().orElse(null));
                analyze.click();
                WebElement text = browser.findElement(By.id("ai-analysis-text"));
                wait.until(d -> text.getText().contains("lets anyone"));
                wait.until(d -> !d.findElements(By.cssSelector("#ai-analysis-text h2")).isEmpty());
                assertEquals("Problems", browser.findElement(By.cssSelector("#ai-analysis-text h2")).getText());
                assertEquals("online-mode=false", browser.findElement(By.cssSelector("#ai-analysis-text code")).getText());
                assertTrue(browser.findElements(By.cssSelector("#ai-analysis-text img")).isEmpty(), "model HTML is not rendered");
                assertTrue(browser.findElement(By.id("ai-analysis-status")).getText().contains("check suggestions"));
                assertFalse(browser.findElement(By.id("ai-analyze-stop")).isDisplayed(), "Stop goes away when the review is done");
                save(browser, "file-analyze.png");
                String sent = ollama.requests("/api/chat").get(0).toString();
                assertFalse(sent.contains("TopSecret99"), sent);
                assertTrue(sent.contains("rcon.password=****"), sent);
            } finally {
                browser.quit();
            }
        }
    }

    private static WebDriver chromium() throws Exception {
        var options = new ChromeOptions().setBinary(CHROMIUM.getPath()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build(), options);
    }

    private static void save(WebDriver browser, String name) {
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(Path.of("target", name), png);
        } catch (Exception e) {
            System.err.println("No screenshot: " + e);
        }
    }
}
