package dev.talon.ai.models;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.admin.OllamaStatus;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.HostStatus;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.api.ModelSummary;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The models installed on each configured host, read live from {@code /api/tags}. Hosts whose last
 * health probe failed are not asked (the page must not wait on a dead host); they are listed with
 * the probe's error instead.
 */
public final class InstalledModels {

    /** One installed model as the settings page shows it. */
    public record Model(String name, long size, String family, String parameterSize, String quantization, String modifiedAt) {
        static Model of(ModelSummary m) {
            var d = m.details();
            return new Model(m.name(), m.size(), d == null ? "" : nz(d.family()), d == null ? "" : nz(d.parameterSize()),
                    d == null ? "" : nz(d.quantizationLevel()), nz(m.modifiedAt()));
        }

        public String sizeText() {
            return PullView.bytes(size);
        }

        /** The modification time to the minute ({@code 2025-05-04 17:37}), as Ollama gives it otherwise. */
        public String modifiedText() {
            return modifiedAt.length() >= 16 ? modifiedAt.substring(0, 10) + " " + modifiedAt.substring(11, 16) : modifiedAt;
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }

    /** A host with its models, or why they could not be listed. */
    public record HostModels(URI host, String error, List<Model> models) {
        public boolean reachable() {
            return error == null;
        }
    }

    private final AiRuntime runtime;

    public InstalledModels(AiRuntime runtime) {
        this.runtime = runtime;
    }

    public List<HostModels> list() {
        var result = new ArrayList<HostModels>();
        for (HostStatus host : runtime.client().hosts()) {
            if (host.lastProbe() != null && !OllamaStatus.reachable(host)) {
                result.add(new HostModels(host.uri(), host.lastError() == null ? "not reachable" : host.lastError(), List.of()));
                continue;
            }
            try {
                List<Model> models = runtime.client().tags(Feature.ADMIN, host.uri()).stream().map(Model::of)
                        .sorted(Comparator.comparing(Model::name)).toList();
                result.add(new HostModels(host.uri(), null, models));
            } catch (OllamaException e) {
                result.add(new HostModels(host.uri(), e.getMessage(), List.of()));
            }
        }
        return result;
    }

    /** The names installed on any reachable host, for the model fields' suggestions. */
    public static List<String> names(List<HostModels> hosts) {
        return hosts.stream().flatMap(h -> h.models().stream()).map(Model::name).distinct().sorted().toList();
    }
}
