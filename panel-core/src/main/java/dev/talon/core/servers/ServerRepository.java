package dev.talon.core.servers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The {@code servers} table. Thread-safe. */
public final class ServerRepository {

    private static final String COLUMNS = "s.id, s.uuid, s.identifier, s.name, s.description, s.owner_id, s.template, s.startup,"
            + " s.variables, s.memory_mb, s.auto_restart, s.suspended, s.created_at, s.updated_at";

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Clock clock;

    public ServerRepository(Jdbi jdbi, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.json = json;
        this.clock = clock;
    }

    /** What a new server needs; the uuid and identifier are generated. */
    public record NewServer(String name, String description, long ownerId, String templateId, String startup,
            Map<String, String> variables, int memoryMb, boolean autoRestart) {}

    public GameServer insert(NewServer server) {
        UUID uuid = UUID.randomUUID();
        while (findByIdentifier(uuid.toString().substring(0, 8)).isPresent()) {
            uuid = UUID.randomUUID();
        }
        long now = clock.millis();
        UUID finalUuid = uuid;
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO servers (uuid, identifier, name, description, owner_id, template, startup, variables,
                            memory_mb, auto_restart, suspended, created_at, updated_at)
                        VALUES (:uuid, :identifier, :name, :description, :owner, :template, :startup, :variables,
                            :memory, :autoRestart, FALSE, :now, :now)""")
                .bind("uuid", finalUuid.toString()).bind("identifier", finalUuid.toString().substring(0, 8))
                .bind("name", server.name()).bind("description", server.description()).bind("owner", server.ownerId())
                .bind("template", server.templateId()).bind("startup", server.startup())
                .bind("variables", write(server.variables())).bind("memory", server.memoryMb())
                .bind("autoRestart", server.autoRestart()).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return find(id).orElseThrow();
    }

    public void update(long id, NewServer server) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE servers SET name = :name, description = :description, owner_id = :owner, template = :template,
                            startup = :startup, variables = :variables, memory_mb = :memory, auto_restart = :autoRestart,
                            updated_at = :now WHERE id = :id""")
                .bind("name", server.name()).bind("description", server.description()).bind("owner", server.ownerId())
                .bind("template", server.templateId()).bind("startup", server.startup())
                .bind("variables", write(server.variables())).bind("memory", server.memoryMb())
                .bind("autoRestart", server.autoRestart()).bind("now", clock.millis()).bind("id", id).execute());
    }

    public void setVariables(long id, Map<String, String> variables) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE servers SET variables = :v, updated_at = :now WHERE id = :id")
                .bind("v", write(variables)).bind("now", clock.millis()).bind("id", id).execute());
    }

    public void setSuspended(long id, boolean suspended) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE servers SET suspended = :s, updated_at = :now WHERE id = :id")
                .bind("s", suspended).bind("now", clock.millis()).bind("id", id).execute());
    }

    public void rename(long id, String name, String description) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE servers SET name = :n, description = :d, updated_at = :now WHERE id = :id")
                .bind("n", name).bind("d", description).bind("now", clock.millis()).bind("id", id).execute());
    }

    public void delete(long id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM servers WHERE id = :id").bind("id", id).execute());
    }

    public Optional<GameServer> find(long id) {
        return one("s.id = :v", id);
    }

    public Optional<GameServer> findByUuid(UUID uuid) {
        return one("s.uuid = :v", uuid.toString());
    }

    public Optional<GameServer> findByIdentifier(String identifier) {
        return one("s.identifier = :v", identifier);
    }

    public List<GameServer> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM servers s ORDER BY s.name, s.id")
                .map((rs, ctx) -> map(rs)).list());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM servers").mapTo(Long.class).one());
    }

    /** Servers the user owns or is a subuser of. */
    public List<GameServer> accessibleTo(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM servers s WHERE s.owner_id = :u"
                        + " OR s.id IN (SELECT server_id FROM server_subusers WHERE user_id = :u) ORDER BY s.name, s.id")
                .bind("u", userId).map((rs, ctx) -> map(rs)).list());
    }

    private Optional<GameServer> one(String where, Object value) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM servers s WHERE " + where)
                .bind("v", value).map((rs, ctx) -> map(rs)).findOne());
    }

    private GameServer map(ResultSet rs) throws SQLException {
        return new GameServer(rs.getLong(1), UUID.fromString(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), read(rs.getString(9)), rs.getInt(10),
                rs.getBoolean(11), rs.getBoolean(12), rs.getLong(13), rs.getLong(14));
    }

    private String write(Map<String, String> variables) {
        try {
            return json.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("variables are not serialisable", e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored server variables are not JSON: " + text, e);
        }
    }
}
