package dev.talon.ai;

import dev.talon.api.AddonContext;
import dev.talon.api.PanelAddon;
import dev.talon.api.PermissionDefinition;
import dev.talon.api.Registrar;
import org.pf4j.Extension;

/**
 * The ollama-ai add-on's composition root: everything AI in the panel is wired here, from the
 * context the host lends. Nothing in the host knows about AI.
 */
@Extension
public final class OllamaAiAddon implements PanelAddon {

    @Override
    public void start(AddonContext context, Registrar registrar) {
        registrar.permission(new PermissionDefinition("ai.chat", "Use the AI assistant", true));
        registrar.permission(new PermissionDefinition("ai.insights", "See AI insights about servers", true));
    }
}
