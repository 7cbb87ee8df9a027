package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.Chromium;
import dev.talon.core.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Acceptance 1 and 7 in real Chromium, in one run: start from the browser, the console streams
 * live, {@code say hello} appears, the graphs fill, the stop is graceful, and the graphs come back
 * from the stored series after a reload.
 */
class ConsoleBrowserTest {

    @Test
    void console_page_starts_the_server_streams_say_hello_fills_the_graphs_and_stops_it_gracefully(@TempDir Path dir) throws Exception {
        try (var panel = TestPanel.start(dir.resolve("panel"))) {
            var fixture = new ServersFixture(panel);
            var alice = fixture.account("alice@example.com");
            GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
            try (var chromium = Chromium.start(1280, 900)) {
                ChromeDriver browser = chromium.driver();
                var wait = new WebDriverWait(browser, Duration.ofSeconds(25));
                browser.get(panel.baseUrl() + "/auth/login");
                browser.findElement(By.name("email")).sendKeys("alice@example.com");
                browser.findElement(By.name("password")).sendKeys("password-123456", Keys.ENTER);
                wait.until(d -> !d.getCurrentUrl().contains("/auth/login"));

                browser.get(panel.baseUrl() + "/server/" + server.identifier());
                wait.until(d -> d.findElement(By.id("console-status")).getText().contains("Connected"));
                browser.findElement(By.id("power-start")).click();
                wait.until(d -> d.findElement(By.id("server-state")).getText().equals("running"));
                wait.until(d -> d.findElement(By.id("console")).getText().contains("Done ("));

                var input = browser.findElement(By.id("console-input"));
                input.sendKeys("say hello", Keys.ENTER);
                wait.until(d -> d.findElement(By.id("console")).getText().contains("[Server] hello"));
                input.sendKeys(Keys.ARROW_UP);
                assertEquals("say hello", input.getDomProperty("value"), "history recalls the last command");

                // graphs fill: the 5 s samples of the running process reach both Chart.js charts live
                var slow = new WebDriverWait(browser, Duration.ofSeconds(40));
                slow.until(d -> points(browser, "chart-cpu") >= 2 && points(browser, "chart-memory") >= 2);
                assertTrue(lastValue(browser, "chart-memory") > 1, "memory in MiB of a running JVM: " + lastValue(browser, "chart-memory"));

                Files.write(dir.resolve("console.png"), browser.getScreenshotAs(OutputType.BYTES));
                browser.findElement(By.id("power-stop")).click();
                wait.until(d -> d.findElement(By.id("server-state")).getText().equals("offline"));
                // status frames travel in order with the lines: by "offline" the stop lines are already shown
                String console = browser.findElement(By.id("console")).getText();
                assertTrue(console.contains("Stopping server") && console.contains("exited with code 0"), "graceful stop: " + console);
                assertEquals(0, (int) panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM activity_log WHERE action = 'server.crashed' AND subject = :s")
                        .bind("s", server.subject()).mapTo(Integer.class).one()), "a graceful stop is no crash");

                // the history stays: an offline server adds no live points, so these come from the stored series
                browser.navigate().refresh();
                wait.until(d -> d.findElement(By.id("server-state")).getText().equals("offline"));
                wait.until(d -> points(browser, "chart-cpu") >= 2 && points(browser, "chart-memory") >= 2);
            }
        }
    }

    /** How many points the Chart.js chart on {@code canvasId} holds (0 before the chart exists). */
    private static long points(ChromeDriver browser, String canvasId) {
        Object n = browser.executeScript("var c = window.Chart && Chart.getChart(document.getElementById(arguments[0]));"
                + " return c ? c.data.datasets[0].data.length : 0;", canvasId);
        return ((Number) n).longValue();
    }

    private static double lastValue(ChromeDriver browser, String canvasId) {
        Object v = browser.executeScript("var d = Chart.getChart(document.getElementById(arguments[0])).data.datasets[0].data;"
                + " return d[d.length - 1];", canvasId);
        return ((Number) v).doubleValue();
    }
}
