package dev.talon.core.addons;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.talon.core.testing.WebClient;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The test add-ons and small helpers the add-on tests share. */
final class TestAddons {

    static final String FULL_CLASS = "dev.talon.testaddon.full.FullAddon";

    private TestAddons() {}

    /** The add-on that uses every extension point (sources under {@code src/test/resources/addons/full/}). */
    static AddonJar full(String version) {
        return full(version, 60);
    }

    /** As {@link #full(String)}, with its job running every so many minutes. */
    static AddonJar full(String version, int jobIntervalMinutes) {
        return AddonJar.addon("full").version(version).replacing("@VERSION@", version)
                .replacing("@INTERVAL_MINUTES@", String.valueOf(jobIntervalMinutes))
                .sourceFromResource(FULL_CLASS, "addons/full/FullAddon.java")
                .resource("db/full/V1__init.sql", AddonJar.text("addons/full/V1__init.sql"))
                .extension(FULL_CLASS);
    }

    /** A one-class add-on {@code dev.talon.testaddon.<pkg>.Addon} whose {@code start} body is given. */
    static AddonJar simple(String id, String startBody) {
        return simple(id, startBody, "");
    }

    /** As {@link #simple(String, String)}, with extra members in the class (fields, methods, nested types). */
    static AddonJar simple(String id, String startBody, String members) {
        String pkg = "dev.talon.testaddon." + id.replace('-', '_');
        String code = """
                package %s;

                import dev.talon.api.*;
                import dev.talon.api.web.*;
                import dev.talon.api.jobs.*;
                import java.time.Duration;
                import java.util.List;
                import java.util.Map;

                @org.pf4j.Extension
                public final class Addon implements PanelAddon {
                    @Override
                    public void start(AddonContext context, Registrar registrar) throws Exception {
                %s
                    }
                %s
                }
                """.formatted(pkg, startBody, members);
        return AddonJar.addon(id).source(pkg + ".Addon", code).extension(pkg + ".Addon");
    }

    /** The table row of one add-on on {@code /admin/addons}, entities decoded; fails when absent. */
    static String addonRow(WebClient admin, String id) {
        String page = admin.get("/admin/addons").body();
        int start = page.indexOf("<tr id=\"addon-" + id + "\"");
        if (start < 0) {
            fail("No row for add-on " + id + " on /admin/addons:\n" + page);
        }
        int end = page.indexOf("</tr>", start);
        return decode(page.substring(start, end));
    }

    static void assertFailed(WebClient admin, String id, String... reasons) {
        String row = addonRow(admin, id);
        assertTrue(row.contains("class=\"state-failed\""), "state of " + id + ": " + row);
        for (String reason : reasons) {
            assertTrue(row.contains(reason), "failure of " + id + " should mention \"" + reason + "\": " + row);
        }
    }

    static String decode(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#34;", "\"").replace("&amp;", "&");
    }

    /** Polls until the value satisfies the condition; fails with the last value after the timeout. */
    static <T> T await(Duration timeout, Supplier<T> value, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("Condition not met within " + timeout + "; last value:\n" + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }
}
