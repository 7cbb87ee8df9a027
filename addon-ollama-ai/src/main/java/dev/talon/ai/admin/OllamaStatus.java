package dev.talon.ai.admin;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.ollama.HostStatus;
import java.util.List;

/**
 * What every AI page says about Ollama's reachability, from the client's cached health probes
 * (never a live call, so pages render at once even when Ollama hangs).
 *
 * @param hosts each configured host with its last probe
 * @param anyUp whether at least one host answered its last probe
 * @param advice what to do when none did, naming the hosts
 */
public record OllamaStatus(List<HostStatus> hosts, boolean anyUp, String advice) {

    public static OllamaStatus of(AiRuntime runtime) {
        List<HostStatus> hosts = runtime.client().hosts();
        boolean up = hosts.stream().anyMatch(OllamaStatus::reachable);
        String names = String.join(", ", hosts.stream().map(h -> h.uri().toString()).toList());
        String advice = up ? "" : "Ollama is not reachable at " + names + ". Start it on that machine with \"ollama serve\" "
                + "(or set OLLAMA_HOST / the host in AI Settings), then pull the models you use with \"ollama pull "
                + runtime.config().models().chat() + "\" or the Pull button in AI Settings. Everything that needs no model keeps working.";
        return new OllamaStatus(hosts, up, advice);
    }

    /** A host answered its last probe and its breaker lets requests through. */
    public static boolean reachable(HostStatus host) {
        return host.lastProbe() != null && host.lastError() == null && host.state() != HostStatus.State.OPEN;
    }
}
