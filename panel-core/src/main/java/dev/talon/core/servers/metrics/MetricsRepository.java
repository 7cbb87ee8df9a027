package dev.talon.core.servers.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Stored resource samples: raw rows every sampling interval (kept 24 h) and 1-minute rollups
 * (kept 30 days), computed in Java so the SQL stays portable across H2, PostgreSQL and MariaDB.
 * Thread-safe.
 */
public final class MetricsRepository {

    public static final Duration RAW_RETENTION = Duration.ofHours(24);
    public static final Duration ROLLUP_RETENTION = Duration.ofDays(30);
    private static final long MINUTE = 60_000;

    /** One point of a series; for rollups {@code cpu}/{@code memoryBytes} are averages and the maxima are kept. */
    public record Point(long at, double cpu, double cpuMax, long memoryBytes, long memoryMax, long diskBytes) {}

    private final Jdbi jdbi;

    public MetricsRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(long serverId, long at, double cpu, long memoryBytes, long diskBytes) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO server_metrics (server_id, sampled_at, cpu_percent, memory_bytes, disk_bytes)
                        VALUES (:s, :at, :cpu, :mem, :disk)""")
                .bind("s", serverId).bind("at", at).bind("cpu", cpu).bind("mem", memoryBytes).bind("disk", diskBytes).execute());
    }

    /** Raw samples of one server since {@code from}, oldest first. */
    public List<Point> raw(long serverId, long from) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT sampled_at, cpu_percent, memory_bytes, disk_bytes FROM server_metrics
                        WHERE server_id = :s AND sampled_at >= :from ORDER BY sampled_at""")
                .bind("s", serverId).bind("from", from)
                .map((rs, ctx) -> new Point(rs.getLong(1), rs.getDouble(2), rs.getDouble(2), rs.getLong(3), rs.getLong(3), rs.getLong(4)))
                .list());
    }

    /** 1-minute rollups of one server since {@code from}, oldest first. */
    public List<Point> minutes(long serverId, long from) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT minute_at, cpu_avg, cpu_max, memory_avg, memory_max, disk_bytes FROM server_metrics_minute
                        WHERE server_id = :s AND minute_at >= :from ORDER BY minute_at""")
                .bind("s", serverId).bind("from", from)
                .map((rs, ctx) -> new Point(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list());
    }

    /**
     * Rolls up every complete minute from {@code since} to the minute before {@code now} (existing
     * rollups of those minutes are replaced, so running it twice is harmless), then deletes raw
     * rows older than 24 h and rollups older than 30 days.
     *
     * @return how many minute rows were written
     */
    public int rollUpAndPrune(long since, long now) {
        long from = Math.floorDiv(since, MINUTE) * MINUTE;
        long to = Math.floorDiv(now, MINUTE) * MINUTE;
        int written = 0;
        if (to > from) {
            written = jdbi.inTransaction(h -> {
                Map<Long, Map<Long, List<Point>>> byServer = new TreeMap<>();
                h.createQuery("""
                                SELECT server_id, sampled_at, cpu_percent, memory_bytes, disk_bytes FROM server_metrics
                                WHERE sampled_at >= :from AND sampled_at < :to ORDER BY sampled_at""")
                        .bind("from", from).bind("to", to)
                        .map((rs, ctx) -> {
                            long minute = Math.floorDiv(rs.getLong(2), MINUTE) * MINUTE;
                            byServer.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                                    .computeIfAbsent(minute, k -> new ArrayList<>())
                                    .add(new Point(rs.getLong(2), rs.getDouble(3), rs.getDouble(3), rs.getLong(4), rs.getLong(4), rs.getLong(5)));
                            return 0;
                        }).list();
                h.createUpdate("DELETE FROM server_metrics_minute WHERE minute_at >= :from AND minute_at < :to")
                        .bind("from", from).bind("to", to).execute();
                int rows = 0;
                for (var server : byServer.entrySet()) {
                    for (var minute : server.getValue().entrySet()) {
                        List<Point> points = minute.getValue();
                        double cpuSum = 0;
                        double cpuMax = 0;
                        long memSum = 0;
                        long memMax = 0;
                        for (Point p : points) {
                            cpuSum += p.cpu();
                            cpuMax = Math.max(cpuMax, p.cpu());
                            memSum += p.memoryBytes();
                            memMax = Math.max(memMax, p.memoryBytes());
                        }
                        h.createUpdate("""
                                        INSERT INTO server_metrics_minute (server_id, minute_at, cpu_avg, cpu_max, memory_avg,
                                            memory_max, disk_bytes, samples)
                                        VALUES (:s, :m, :ca, :cm, :ma, :mm, :d, :n)""")
                                .bind("s", server.getKey()).bind("m", minute.getKey())
                                .bind("ca", cpuSum / points.size()).bind("cm", cpuMax)
                                .bind("ma", memSum / points.size()).bind("mm", memMax)
                                .bind("d", points.getLast().diskBytes()).bind("n", points.size()).execute();
                        rows++;
                    }
                }
                return rows;
            });
        }
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM server_metrics WHERE sampled_at < :cut").bind("cut", now - RAW_RETENTION.toMillis()).execute();
            h.createUpdate("DELETE FROM server_metrics_minute WHERE minute_at < :cut").bind("cut", now - ROLLUP_RETENTION.toMillis()).execute();
        });
        return written;
    }
}
