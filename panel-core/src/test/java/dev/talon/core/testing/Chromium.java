package dev.talon.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Chromium for browser tests, from Debian's {@code chromium} and
 * {@code chromium-driver} packages ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver};
 * {@code TALON_CHROMIUM} and {@code TALON_CHROMEDRIVER} point elsewhere).
 *
 * <p>Both paths are given to Selenium, so Selenium Manager never runs and nothing is downloaded.
 * Each browser gets a fresh profile folder, deleted again by {@link Browser#close()}.
 *
 * <p>When Chromium is missing the calling test is skipped with a message saying what to install,
 * unless {@code TALON_REQUIRE_BROWSER=true} (as in {@code .ci/run}): then it fails.
 */
public final class Chromium {

    private static final Path BINARY = Path.of(env("TALON_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(env("TALON_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {}

    /** A running browser and its profile folder; closing quits the browser and deletes the folder. */
    public record Browser(ChromeDriver driver, Path profile) implements AutoCloseable {
        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                deleteTree(profile);
            }
        }
    }

    /** Starts a headless browser with a window of the given size, or skips/fails the test when there is none. */
    public static Browser start(int width, int height) {
        requireInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("talon-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        try {
            var driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    /** Whether the browser and its driver are installed. */
    public static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    private static void requireInstalled() {
        if (installed()) {
            return;
        }
        String message = "Browser test needs " + BINARY + " and " + DRIVER
                + " (Debian: apt-get install chromium chromium-driver).";
        if (Boolean.parseBoolean(System.getenv("TALON_REQUIRE_BROWSER"))) {
            throw new AssertionError(message + " TALON_REQUIRE_BROWSER=true, so this is a failure.");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A left-over profile folder in the temp dir is harmless; the test result matters more.
        }
    }
}
