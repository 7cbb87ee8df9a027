package dev.talon.core.servers.node.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples CPU and resident memory of process trees from Linux {@code /proc}.
 *
 * <p>Cost: one pass per {@link #sample} over {@code /proc/<pid>/stat} of every process on the
 * machine (to learn parents and CPU ticks), then {@code /proc/<pid>/status} only for processes
 * in the requested trees. Sampling 200 servers therefore costs one directory scan plus a few
 * hundred small reads, not 200 scans.
 *
 * <p>Threading: not thread-safe; it keeps the previous CPU ticks of each tree to compute the
 * rate, so one sampler belongs to one sampling thread. Linux only: elsewhere every tree
 * samples as {@link TreeUsage#NONE}.
 */
public final class ProcessSampler {

    /** USER_HZ: the unit of CPU times in /proc; 100 on every Linux architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Path proc;
    private final Map<Object, Previous> previous = new HashMap<>();

    public ProcessSampler(Path proc) {
        this.proc = proc;
    }

    /** A tree to sample: its root process and when that process started. */
    public record Root(long pid, Instant started) {}

    private record Stat(long pid, long ppid, long cpuTicks) {}

    private record Previous(long cpuTicks, long nanos) {}

    /**
     * Samples every tree; keys are the caller's (e.g. server ids) and carry the CPU history.
     * Trees whose root is gone sample as {@link TreeUsage#NONE}.
     */
    public <K> Map<K, TreeUsage> sample(Map<K, Root> roots, Instant now) {
        Map<K, TreeUsage> result = new HashMap<>();
        if (!Files.isDirectory(proc)) {
            roots.keySet().forEach(key -> result.put(key, TreeUsage.NONE));
            return result;
        }
        long nanos = System.nanoTime();
        Map<Long, Stat> stats = new HashMap<>();
        Map<Long, List<Long>> children = new HashMap<>();
        scan(stats, children);
        for (Map.Entry<K, Root> entry : roots.entrySet()) {
            Root root = entry.getValue();
            if (!stats.containsKey(root.pid())) {
                previous.remove(entry.getKey());
                result.put(entry.getKey(), TreeUsage.NONE);
                continue;
            }
            long ticks = 0;
            long rss = 0;
            int count = 0;
            ArrayDeque<Long> queue = new ArrayDeque<>(List.of(root.pid()));
            while (!queue.isEmpty()) {
                long pid = queue.poll();
                Stat stat = stats.get(pid);
                if (stat == null) {
                    continue;
                }
                ticks += stat.cpuTicks();
                rss += residentBytes(pid);
                count++;
                queue.addAll(children.getOrDefault(pid, List.of()));
            }
            Previous before = previous.put(entry.getKey(), new Previous(ticks, nanos));
            double seconds;
            long deltaTicks;
            if (before == null) {
                seconds = Math.max(Duration.between(root.started(), now).toNanos(), 1) / 1e9;
                deltaTicks = ticks;
            } else {
                seconds = Math.max(nanos - before.nanos(), 1) / 1e9;
                deltaTicks = Math.max(0, ticks - before.cpuTicks()); // a child that exited takes its ticks along
            }
            result.put(entry.getKey(), new TreeUsage(deltaTicks / TICKS_PER_SECOND / seconds * 100.0, rss, count));
        }
        previous.keySet().retainAll(roots.keySet());
        return result;
    }

    private void scan(Map<Long, Stat> stats, Map<Long, List<Long>> children) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path entry : entries) {
                Stat stat = readStat(entry);
                if (stat != null) {
                    stats.put(stat.pid(), stat);
                    children.computeIfAbsent(stat.ppid(), k -> new ArrayList<>()).add(stat.pid());
                }
            }
        } catch (IOException e) {
            // /proc vanished or is unreadable: every tree samples as gone
        }
    }

    /** Parses /proc/<pid>/stat; the command name in parentheses may itself contain spaces and ')'. */
    static Stat readStat(Path processDirectory) {
        try {
            String text = Files.readString(processDirectory.resolve("stat"), StandardCharsets.US_ASCII);
            int close = text.lastIndexOf(')');
            String[] fields = text.substring(close + 2).split(" ");
            // fields[0] is field 3 (state); ppid is field 4, utime 14, stime 15
            long pid = Long.parseLong(text.substring(0, text.indexOf(' ')));
            return new Stat(pid, Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return null; // the process exited during the scan
        }
    }

    private long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // exited meanwhile, or a kernel thread without VmRSS
        }
        return 0;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
