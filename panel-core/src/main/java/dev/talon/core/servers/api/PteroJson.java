package dev.talon.core.servers.api;

import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.node.ResourceUsage;
import dev.talon.core.servers.node.template.Editor;
import dev.talon.core.servers.node.template.ServerTemplate;
import dev.talon.core.servers.node.template.TemplateVariable;
import dev.talon.core.servers.node.template.VariableValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of Pterodactyl's client API transformers, filled from Talon's records. Stateless. */
final class PteroJson {

    private PteroJson() {}

    static Map<String, Object> list(List<?> data, int total) {
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("total", total);
        pagination.put("count", data.size());
        pagination.put("per_page", Math.max(50, data.size()));
        pagination.put("current_page", 1);
        pagination.put("total_pages", 1);
        pagination.put("links", Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        body.put("meta", Map.of("pagination", pagination));
        return body;
    }

    /** A list without pagination, as Pterodactyl returns files, schedules and a schedule's tasks. */
    static Map<String, Object> list(List<?> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        return body;
    }

    /** A request's JSON body; an empty body reads as {@code {}}, anything unparsable is a 422. */
    static com.fasterxml.jackson.databind.JsonNode requestBody(io.javalin.http.Context ctx,
                                                               com.fasterxml.jackson.databind.ObjectMapper json) {
        try {
            String text = ctx.body();
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (java.io.IOException e) {
            throw new io.javalin.http.HttpResponseException(422, "The request body is not valid JSON.", Map.of());
        }
    }

    static Map<String, Object> object(String type, Map<String, ?> attributes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", type);
        body.put("attributes", attributes);
        return body;
    }

    /** Pterodactyl's {@code ServerTransformer} (client API). */
    static Map<String, Object> server(GameServer server, ServerTemplate template, boolean owner, String state) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("server_owner", owner);
        a.put("identifier", server.identifier());
        a.put("internal_id", server.id());
        a.put("uuid", server.uuid().toString());
        a.put("name", server.name());
        a.put("node", "local");
        a.put("is_node_under_maintenance", false);
        a.put("sftp_details", Map.of("ip", "", "port", 0));
        a.put("description", server.description());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("memory", server.memoryMb());
        limits.put("swap", 0);
        limits.put("disk", 0);
        limits.put("io", 500);
        limits.put("cpu", 0);
        limits.put("threads", null);
        limits.put("oom_disabled", true);
        a.put("limits", limits);
        a.put("invocation", server.startup());
        a.put("docker_image", "");
        a.put("egg_features", List.of());
        a.put("feature_limits", Map.of("databases", 0, "allocations", 0, "backups", 0));
        a.put("status", server.suspended() ? "suspended" : null);
        a.put("is_suspended", server.suspended());
        a.put("is_installing", false);
        a.put("is_transferring", false);
        a.put("current_state", state);
        a.put("template", template.id());
        List<Object> variables = new ArrayList<>();
        VariableValues.visibleTo(template, server.variables(), Editor.CLIENT)
                .forEach((variable, value) -> variables.add(variable(variable, value)));
        Map<String, Object> relationships = new LinkedHashMap<>();
        relationships.put("allocations", list(List.of(), 0));
        relationships.put("variables", list(variables, variables.size()));
        a.put("relationships", relationships);
        return object("server", a);
    }

    /** Pterodactyl's {@code EggVariableTransformer} (client API). */
    static Map<String, Object> variable(TemplateVariable variable, String value) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", variable.name());
        v.put("description", variable.description());
        v.put("env_variable", variable.envVariable());
        v.put("default_value", variable.defaultValue());
        v.put("server_value", value);
        v.put("is_editable", variable.userEditable());
        v.put("rules", variable.rules().source());
        return object("egg_variable", v);
    }

    /** A list with Laravel's length-aware pagination, as Pterodactyl's paginated endpoints. */
    static Map<String, Object> page(List<?> data, long total, int perPage, int currentPage) {
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("total", total);
        pagination.put("count", data.size());
        pagination.put("per_page", perPage);
        pagination.put("current_page", currentPage);
        pagination.put("total_pages", Math.max(1, (total + perPage - 1) / perPage));
        pagination.put("links", Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        body.put("meta", Map.of("pagination", pagination));
        return body;
    }

    /** Pterodactyl's {@code StatsTransformer}. */
    static Map<String, Object> stats(ResourceUsage usage, boolean suspended) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("memory_bytes", usage.memoryBytes());
        resources.put("cpu_absolute", Math.round(usage.cpuPercent() * 1000) / 1000.0);
        resources.put("disk_bytes", usage.diskBytes());
        resources.put("network_rx_bytes", Math.max(0, usage.networkRxBytes()));
        resources.put("network_tx_bytes", Math.max(0, usage.networkTxBytes()));
        resources.put("uptime", usage.uptimeMillis());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("current_state", usage.state().wireName());
        a.put("is_suspended", suspended);
        a.put("resources", resources);
        return object("stats", a);
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
