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

/** Acceptance 1 and 7 in real Chromium: start from the browser, the console streams, say hello, stop gracefully. */
class ConsoleBrowserTest {

    @Test
    void console_page_starts_the_server_streams_say_hello_and_stops_it(@TempDir Path dir) throws Exception {
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

                Files.write(dir.resolve("console.png"), browser.getScreenshotAs(OutputType.BYTES));
                browser.findElement(By.id("power-stop")).click();
                wait.until(d -> d.findElement(By.id("server-state")).getText().equals("offline"));
                wait.until(d -> d.findElement(By.id("console")).getText().contains("Stopping server")); // graceful stop
            }
        }
    }
}
