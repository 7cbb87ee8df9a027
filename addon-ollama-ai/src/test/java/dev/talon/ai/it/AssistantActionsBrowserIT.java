package dev.talon.ai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.Reply;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.PowerState;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
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
 * Assistant actions in real Chromium: asked to restart the demo server, the assistant shows a
 * confirmation card; nothing happens until Confirm; then the server restarts, the model's answer
 * follows, and the card keeps its state across a reload. Skips when Chromium or its driver is
 * missing, unless {@code TALON_REQUIRE_BROWSER=true}.
 */
class AssistantActionsBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path root;
    static PanelWithAi env;
    static WebDriver browser;
    static ServersFixture servers;
    static GameServer server;

    @BeforeAll
    static void start() throws Exception {
        boolean present = new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute();
        if (!present && "true".equals(System.getenv("TALON_REQUIRE_BROWSER"))) {
            throw new AssertionError("TALON_REQUIRE_BROWSER=true but " + CHROMIUM + " or " + DRIVER + " is missing");
        }
        Assumptions.assumeTrue(present, "Chromium browser tests skipped: install Debian's chromium and chromium-driver");
        env = PanelWithAi.start(root);
        servers = new ServersFixture(env.panel);
        var client = env.newClient();
        server = servers.demoServer(client.id(), false, Map.of());
        servers.service().power(server, PowerAction.START, null, null);
        ServersFixture.await("the demo server to run", Duration.ofSeconds(20),
                () -> servers.service().state(server) == PowerState.RUNNING);
        var options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(root, "chromium-profile"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build(), options);
        browser.get(env.baseUrl() + "/auth/login");
        browser.findElement(By.name("email")).sendKeys(client.email());
        browser.findElement(By.name("password")).sendKeys(PanelWithAi.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/auth/"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (env != null) {
            env.close();
        }
    }

    private static WebDriverWait waitFor(Duration d) {
        return new WebDriverWait(browser, d);
    }

    private static long pid() {
        return servers.service().node().pid(server.uuid()).orElse(-1);
    }

    private static void openChat() {
        browser.get(env.baseUrl() + "/server/" + server.identifier());
        WebElement panel = waitFor(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("ai-chat")));
        if (panel.getAttribute("hidden") != null) {
            browser.findElement(By.id("ai-chat-open")).click();
        }
        waitFor(Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector(".ai-chat-new")).isDisplayed());
    }

    @Test
    void asked_to_restart_the_demo_server_the_user_confirms_the_card_and_the_server_restarts() {
        long pidBefore = pid();
        env.ollama.enqueue("/api/chat", Reply.toolCalls("restart_server", "{\"server\":\"" + server.identifier() + "\"}"));
        env.ollama.enqueue("/api/chat", Reply.chat("Done: your server is restarting."));
        openChat();
        browser.findElement(By.cssSelector(".ai-chat-new")).click();
        browser.findElement(By.cssSelector(".ai-chat-input")).sendKeys("Please restart my server");
        browser.findElement(By.cssSelector(".ai-chat-send")).click();

        WebElement card = waitFor(Duration.ofSeconds(15)).until(d -> d.findElements(
                By.cssSelector(".ai-action[data-status=pending]")).stream().findFirst().orElse(null));
        assertTrue(card.getText().contains("Restart " + server.name()), card.getText());
        assertTrue(card.getText().contains("Server: " + server.name()), card.getText());
        waitFor(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".ai-msg-assistant[data-status=complete]")).isEmpty());
        assertEquals(pidBefore, pid(), "nothing runs before the user confirms");
        assertEquals(PowerState.RUNNING, servers.service().state(server));

        card.findElement(By.cssSelector(".ai-action-confirm")).click();
        waitFor(Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector(".ai-action[data-status=done]")).isEmpty());
        ServersFixture.await("the demo server to restart", Duration.ofSeconds(20),
                () -> pid() != pidBefore && pid() != -1 && servers.service().state(server) == PowerState.RUNNING);
        waitFor(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector(".ai-msg-assistant .ai-text")).stream()
                .anyMatch(e -> e.getText().contains("your server is restarting")));

        browser.navigate().refresh();
        openChat();
        WebElement stored = waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(
                By.cssSelector(".ai-action[data-status=done]")).stream().findFirst().orElse(null));
        assertTrue(stored.getText().contains("Done"), stored.getText());
        assertTrue(stored.findElements(By.cssSelector(".ai-action-confirm")).isEmpty(), "a decided card has no buttons");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", stored);
        try {
            Files.write(Path.of("target", "assistant-action-confirmed.png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (Exception e) {
            System.err.println("No screenshot: " + e);
        }
    }

    @Test
    void a_card_left_waiting_expires_when_the_user_writes_again_and_stays_expired_after_a_reload() {
        long pidBefore = pid();
        env.ollama.enqueue("/api/chat", Reply.toolCalls("stop_server", "{\"server\":\"" + server.identifier() + "\"}"));
        env.ollama.enqueue("/api/chat", Reply.chat("It uses about 40 MB."));
        openChat();
        browser.findElement(By.cssSelector(".ai-chat-new")).click();
        browser.findElement(By.cssSelector(".ai-chat-input")).sendKeys("Stop my server");
        browser.findElement(By.cssSelector(".ai-chat-send")).click();
        waitFor(Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector(".ai-action[data-status=pending]")).isEmpty());
        waitFor(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".ai-msg-assistant[data-status=complete]")).isEmpty());

        browser.findElement(By.cssSelector(".ai-chat-input")).sendKeys("Never mind. How much memory does it use?");
        browser.findElement(By.cssSelector(".ai-chat-send")).click();
        WebElement expired = waitFor(Duration.ofSeconds(15)).until(d -> d.findElements(
                By.cssSelector(".ai-action[data-status=expired]")).stream().findFirst().orElse(null));
        assertTrue(expired.findElements(By.cssSelector(".ai-action-confirm")).isEmpty(), "an expired card has no buttons");
        waitFor(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector(".ai-msg-assistant .ai-text")).stream()
                .anyMatch(e -> e.getText().contains("about 40 MB")));

        browser.navigate().refresh();
        openChat();
        WebElement stored = waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(
                By.cssSelector(".ai-action[data-status=expired]")).stream().findFirst().orElse(null));
        assertTrue(stored.getText().contains("Expired"), stored.getText());
        assertTrue(stored.findElements(By.cssSelector(".ai-action-confirm")).isEmpty(), "still no buttons after a reload");
        assertEquals(pidBefore, pid(), "the expired stop never ran");
        assertEquals(PowerState.RUNNING, servers.service().state(server));
    }
}
