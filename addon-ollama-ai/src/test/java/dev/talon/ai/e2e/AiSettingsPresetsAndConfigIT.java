package dev.talon.ai.e2e;

import dev.talon.ai.testing.AddonPanel;

import static dev.talon.ai.e2e.AiSettingsModelsIT.between;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets and configuration precedence in AI Settings, in a real panel with the real add-on jar. */
class AiSettingsPresetsAndConfigIT {

    @TempDir
    Path root;

    @Test
    void only_the_most_specific_nav_entry_is_highlighted_on_a_page_under_another_entrys_path() {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel("llama3.1:8b"), null, Map.of())) {
            String page = ai.admin().get("/admin/ai/settings").body();
            assertEquals(1, page.split("class=\"active\"", -1).length - 1, "one highlighted entry");
            assertTrue(page.contains("<a href=\"/admin/ai/settings\" class=\"active\">"), "AI Settings is the one");
            assertTrue(page.contains("<a href=\"/admin/ai\" class=\"\">"), "AI Dashboard is not");
        }
    }

    @Test
    void presets_list_built_ins_read_only_create_a_valid_one_refuse_a_bad_field_and_delete() {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel("llama3.1:8b"), null, Map.of())) {
            var admin = ai.admin();
            String page = admin.get("/admin/ai/settings").body();
            for (String builtIn : new String[] {"General", "Coding", "Security", "Creative"}) {
                String row = between(page, "<tr data-preset=\"" + builtIn + "\">", "</tr>");
                assertTrue(row.contains("built in"), row);
                assertFalse(row.contains("Delete"), "built-ins are read-only: " + row);
            }
            assertTrue(between(page, "<tr data-preset=\"Coding\">", "</tr>").contains("<code>codellama:7b</code>"));

            var form = new HashMap<>(Map.of("name", "Terse", "model", "llama3.1:8b", "temperature", "0.3", "max_tokens", "lots",
                    "description", "Short answers", "system_prompt", "Answer in one sentence."));
            var refused = admin.post("/admin/ai/settings/presets", form);
            assertEquals(422, refused.status());
            assertTrue(refused.body().contains("<strong>max_tokens</strong>: Max tokens must be a whole number."), refused.body());
            assertTrue(refused.body().contains("value=\"lots\""), "the submitted values are kept");
            assertTrue(refused.body().contains("Answer in one sentence.</textarea>"));

            form.put("temperature", "3");
            form.put("max_tokens", "256");
            assertTrue(admin.post("/admin/ai/settings/presets", form).body().contains("<strong>temperature</strong>"));

            form.put("temperature", "0.3");
            var created = admin.post("/admin/ai/settings/presets", form);
            assertEquals(302, created.status());
            String row = between(admin.get("/admin/ai/settings").body(), "<tr data-preset=\"Terse\">", "</tr>");
            assertTrue(row.contains("<code>llama3.1:8b</code>") && row.contains("0.3") && row.contains("256"), row);

            String id = between(row, "/admin/ai/settings/presets/", "/delete");
            assertEquals(302, admin.post("/admin/ai/settings/presets/" + id + "/delete", Map.of()).status());
            assertFalse(admin.get("/admin/ai/settings").body().contains("data-preset=\"Terse\""));
            assertEquals(302, admin.post("/admin/ai/settings/presets/builtin:general/delete", Map.of()).status());
            assertTrue(admin.get("/admin/ai/settings").body().contains("data-preset=\"General\""));
        }
    }

    @Test
    void file_then_database_then_environment_each_shown_as_the_source_and_environment_values_locked() {
        String yml = "ollama:\n  timeout: 120\n  models:\n    code: codellama:13b\n    analysis: mistral:7b\n";
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel("llama3.1:8b"), yml, Map.of("AI_ANALYSIS_MODEL", "qwen3:4b"))) {
            var admin = ai.admin();
            String page = admin.get("/admin/ai/settings").body();
            assertTrue(row(page, "ollama.timeout").contains("value=\"120\"") && row(page, "ollama.timeout").contains("source-file"));
            String analysis = row(page, "ollama.models.analysis");
            assertTrue(analysis.contains("value=\"qwen3:4b\"") && analysis.contains("source-environment"), analysis);
            assertTrue(analysis.contains("disabled") && analysis.contains("locked by AI_ANALYSIS_MODEL"), analysis);

            var form = new HashMap<String, String>();
            form.put("ollama.models.code", "codellama:34b");
            form.put("ollama.models.analysis", "llama3.1:8b"); // locked: ignored by the form
            assertEquals(302, admin.post("/admin/ai/settings", form).status());

            page = admin.get("/admin/ai/settings").body();
            String code = row(page, "ollama.models.code");
            assertTrue(code.contains("value=\"codellama:34b\"") && code.contains("source-database"), code);
            assertTrue(row(page, "ollama.models.analysis").contains("value=\"qwen3:4b\""), "environment still wins");
            assertTrue(row(page, "ollama.timeout").contains("source-file"), "untouched keys keep their source");
        }
    }

    private static String row(String page, String key) {
        return between(page, "<tr id=\"setting-" + key.replace('.', '-') + "\">", "</tr>");
    }
}
