package dev.talon.ai.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.ai.ollama.api.Tool;
import java.util.List;
import java.util.Set;

/**
 * The tools offered to the model, as Ollama's {@code tools} (JSON Schema parameters). Read tools
 * answer at once; {@link #CHANGES_STATE} tools only propose an action the user must confirm.
 */
final class ToolCatalogue {

    static final String LIST_SERVERS = "list_servers";
    static final String SERVER_STATUS = "server_status";
    static final String RECENT_CONSOLE = "recent_console";
    static final String LIST_SCHEDULES = "list_schedules";
    static final String SEARCH_HELP = "search_help";
    static final String START = "start_server";
    static final String STOP = "stop_server";
    static final String RESTART = "restart_server";
    static final String SEND_COMMAND = "send_command";
    static final String CREATE_SCHEDULE = "create_schedule";
    static final String DELETE_SCHEDULE = "delete_schedule";

    static final Set<String> CHANGES_STATE = Set.of(START, STOP, RESTART, SEND_COMMAND, CREATE_SCHEDULE, DELETE_SCHEDULE);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER_HELP = "The server's name, 8-character id or uuid (from list_servers)";

    private ToolCatalogue() {}

    static List<Tool> all() {
        return List.of(
                Tool.function(LIST_SERVERS, "List the user's servers with their state (running, offline…), CPU, memory and disk use.",
                        schema()),
                Tool.function(SERVER_STATUS, "One server's state, resource usage and recent error lines from its console.",
                        schema("server", SERVER_HELP)),
                Tool.function(RECENT_CONSOLE, "The most recent console lines of a server.",
                        integer(schema("server", SERVER_HELP), "lines", "How many lines, 1 to 100 (default 30)")),
                Tool.function(LIST_SCHEDULES, "A server's schedules (cron, tasks, next run).", schema("server", SERVER_HELP)),
                Tool.function(SEARCH_HELP, "Search the panel's help centre articles.", schema("query", "What to look for")),
                Tool.function(START, "Start a server. The user confirms before it happens.", schema("server", SERVER_HELP)),
                Tool.function(STOP, "Stop a server. The user confirms before it happens.", schema("server", SERVER_HELP)),
                Tool.function(RESTART, "Restart a server. The user confirms before it happens.", schema("server", SERVER_HELP)),
                Tool.function(SEND_COMMAND, "Send one command to a running server's console. The user confirms before it happens.",
                        schema("server", SERVER_HELP, "command", "The command, one line")),
                Tool.function(CREATE_SCHEDULE, "Create a schedule that runs one task on a cron (minute hour day-of-month month "
                                + "day-of-week, e.g. \"0 4 * * *\" for 4am daily). The user confirms before it happens.",
                        enumerated(schema("server", SERVER_HELP, "name", "A short name", "cron", "Five cron fields",
                                "payload", "The power signal (start, stop, restart, kill) or the command"),
                                "action", "What the task does", "power", "command")),
                Tool.function(DELETE_SCHEDULE, "Delete a schedule of a server. The user confirms before it happens.",
                        integer(schema("server", SERVER_HELP), "schedule_id", "The schedule's id (from list_schedules)", true)));
    }

    /** An object schema whose properties (name, description pairs) are all required strings. */
    private static ObjectNode schema(String... nameDescription) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (int i = 0; i < nameDescription.length; i += 2) {
            properties.putObject(nameDescription[i]).put("type", "string").put("description", nameDescription[i + 1]);
            required.add(nameDescription[i]);
        }
        return schema;
    }

    private static ObjectNode integer(ObjectNode schema, String name, String description) {
        return integer(schema, name, description, false);
    }

    private static ObjectNode integer(ObjectNode schema, String name, String description, boolean required) {
        ((ObjectNode) schema.get("properties")).putObject(name).put("type", "integer").put("description", description);
        if (required) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) schema.get("required")).add(name);
        }
        return schema;
    }

    private static ObjectNode enumerated(ObjectNode schema, String name, String description, String... values) {
        var property = ((ObjectNode) schema.get("properties")).putObject(name).put("type", "string").put("description", description);
        var allowed = property.putArray("enum");
        for (String v : values) {
            allowed.add(v);
        }
        ((com.fasterxml.jackson.databind.node.ArrayNode) schema.get("required")).add(name);
        return schema;
    }
}
