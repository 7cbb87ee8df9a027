package dev.talon.ai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.Reply;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The floating assistant in real Chromium: tokens arrive one by one, stop keeps the partial answer
 * across a reload, and a hostile answer renders inert. Skips when Chromium or its driver is
 * missing, unless {@code TALON_REQUIRE_BROWSER=true}.
 */
class ChatBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path root;
    static PanelWithAi env;
    static WebDriver browser;
    /** The page the chat is opened from: the client's own server page (acceptance 1). */
    static String serverPage;

    @BeforeAll
    static void start() throws Exception {
        boolean present = new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute();
        if (!present && "true".equals(System.getenv("TALON_REQUIRE_BROWSER"))) {
            throw new AssertionError("TALON_REQUIRE_BROWSER=true but " + CHROMIUM + " or " + DRIVER + " is missing");
        }
        Assumptions.assumeTrue(present, "Chromium browser tests skipped: install Debian's chromium and chromium-driver");
        env = PanelWithAi.start(root);
        var options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(root, "chromium-profile"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build(), options);
        var client = env.newClient();
        var server = new dev.talon.core.servers.ServersFixture(env.panel).demoServer(client.id(), false, java.util.Map.of());
        serverPage = "/server/" + server.identifier();
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

    private static void ask(String question) {
        WebElement input = browser.findElement(By.cssSelector(".ai-chat-input"));
        input.sendKeys(question);
        browser.findElement(By.cssSelector(".ai-chat-send")).click();
    }

    private static void openChatOnFreshConversation() {
        browser.get(env.baseUrl() + serverPage);
        waitFor(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("console")) != null);
        WebElement panel = browser.findElement(By.id("ai-chat"));
        if (panel.getAttribute("hidden") != null) {
            browser.findElement(By.id("ai-chat-open")).click();
        }
        waitFor(Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector(".ai-chat-new")).isDisplayed());
        browser.findElement(By.cssSelector(".ai-chat-new")).click();
    }

    /** Keeps what the browser showed under target/ for people reviewing the UI. */
    private static void saveScreenshot(String name) {
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(Path.of("target", name), png);
        } catch (Exception e) {
            System.err.println("No screenshot: " + e);
        }
    }

    @Test
    void tokens_arrive_one_by_one_stop_keeps_the_partial_answer_and_it_survives_a_reload() {
        env.ollama.enqueue("/api/chat", Reply.chatTokens(300).withChunkDelay(Duration.ofMillis(60)));
        openChatOnFreshConversation();
        ask("Write a long essay");
        By answer = By.cssSelector(".ai-msg-assistant[data-status=streaming] .ai-text");
        Set<Integer> lengths = new HashSet<>();
        waitFor(Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(20)).until(d -> {
            lengths.add(d.findElement(answer).getText().length());
            return lengths.stream().filter(n -> n > 0).count() >= 3;
        });
        browser.findElement(By.cssSelector(".ai-chat-stop")).click();
        waitFor(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".ai-msg-assistant[data-status=stopped]")).isEmpty());

        browser.navigate().refresh();
        WebElement stored = waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(
                By.cssSelector(".ai-msg-assistant[data-status=stopped]")).stream().findFirst().orElse(null));
        assertFalse(stored.findElement(By.cssSelector(".ai-text")).getText().isBlank());
        assertEquals("Stopped", stored.findElement(By.cssSelector(".ai-status")).getText());
        assertTrue(env.ollama.linesWritten() < 300, "the upstream stream should have been cancelled");
    }

    @Test
    void a_hostile_answer_renders_inert() {
        env.ollama.enqueue("/api/chat", Reply.chat("<script>window.__pwned = 1</script>\n\n",
                "<img src=x onerror=\"window.__pwned = 2\">\n\n", "[click me](javascript:window.__pwned=3) ",
                "![x](https://example.invalid/?leak=1)"));
        openChatOnFreshConversation();
        ask("Say something nasty");
        WebElement done = waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(
                By.cssSelector(".ai-msg-assistant[data-status=complete]")).stream().findFirst().orElse(null));
        WebElement text = done.findElement(By.cssSelector(".ai-text"));
        assertTrue(text.getText().contains("<script>"), "the script should be shown as text: " + text.getText());
        assertTrue(text.findElements(By.tagName("script")).isEmpty());
        assertTrue(text.findElements(By.tagName("img")).isEmpty());
        for (WebElement link : text.findElements(By.tagName("a"))) {
            String href = link.getAttribute("href");
            assertFalse(href != null && href.toLowerCase().startsWith("javascript:"), href);
        }
        for (WebElement link : text.findElements(By.tagName("a"))) {
            if (link.getText().contains("click me")) {
                link.click();
            }
        }
        saveScreenshot("chat-hostile-answer.png");
        Object pwned = ((JavascriptExecutor) browser).executeScript("return window.__pwned === undefined ? null : window.__pwned;");
        assertNull(pwned, "a script from the answer ran");
    }
}
