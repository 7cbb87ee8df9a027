package dev.talon.core.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.Chromium;
import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person's first visit, in real headless Chromium: sign in, see both dashboards. */
class SignInBrowserTest {

    @Test
    void admin_signs_in_through_the_login_page_and_sees_both_dashboards(@TempDir Path dir) {
        try (var browser = Chromium.start(1280, 900); var panel = TestPanel.start(dir)) {
            var driver = browser.driver();
            var wait = new WebDriverWait(driver, Duration.ofSeconds(15));

            driver.get(panel.baseUrl() + "/");
            wait.until(ExpectedConditions.urlContains("/auth/login"));
            assertEquals("Sign in · Talon", driver.getTitle());

            driver.findElement(By.name("email")).sendKeys(TestPanel.ADMIN_EMAIL);
            driver.findElement(By.name("password")).sendKeys(TestPanel.ADMIN_PASSWORD);
            driver.findElement(By.cssSelector("form button[type=submit]")).click();

            wait.until(ExpectedConditions.urlToBe(panel.baseUrl() + "/admin"));
            assertEquals("Admin dashboard", driver.findElement(By.cssSelector("main h1")).getText());
            List<String> adminWidgets = widgetIds(driver.findElements(By.cssSelector(".widget-grid [data-widget]")));
            assertTrue(adminWidgets.containsAll(List.of("core-overview", "core-activity", "core-system")), adminWidgets.toString());
            assertEquals("H2", driver.findElement(By.xpath("//*[@id='widget-core-overview']//dt[.='Database']/following-sibling::dd"))
                    .getText());
            assertTrue(driver.findElement(By.id("widget-core-activity")).getText().contains("panel.first-start"),
                    "the first start shows in recent activity");

            driver.findElement(By.linkText("Client area")).click();
            wait.until(ExpectedConditions.urlToBe(panel.baseUrl() + "/"));
            assertEquals("Dashboard", driver.findElement(By.cssSelector("main h1")).getText());
            List<String> clientWidgets = widgetIds(driver.findElements(By.cssSelector(".widget-grid [data-widget]")));
            assertTrue(clientWidgets.contains("core-account"), clientWidgets.toString());
            assertTrue(driver.findElement(By.id("widget-core-account")).getText().contains(TestPanel.ADMIN_EMAIL));
        }
    }

    private static List<String> widgetIds(List<WebElement> widgets) {
        return widgets.stream().map(w -> w.getAttribute("data-widget")).toList();
    }
}
