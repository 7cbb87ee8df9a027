package dev.talon.core.servers.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium for page tests. Skips the test when Chromium is not installed, unless
 * {@code TALON_REQUIRE_BROWSER=true} (CI), where its absence fails the test.
 */
final class Chromium {

    private static final File BROWSER = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private Chromium() {}

    static ChromeDriver start(Path profile) throws IOException {
        boolean present = BROWSER.canExecute() && DRIVER.canExecute();
        if (!present && "true".equalsIgnoreCase(System.getenv("TALON_REQUIRE_BROWSER"))) {
            throw new AssertionError("TALON_REQUIRE_BROWSER=true but /usr/bin/chromium or /usr/bin/chromedriver is missing"
                    + " (Debian packages chromium and chromium-driver)");
        }
        Assumptions.assumeTrue(present, "Chromium is not installed (apt-get install chromium chromium-driver); browser test skipped");
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
