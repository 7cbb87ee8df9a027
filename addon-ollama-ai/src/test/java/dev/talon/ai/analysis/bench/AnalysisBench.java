package dev.talon.ai.analysis.bench;

import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.analysis.logs.LogFindings;
import dev.talon.ai.analysis.logs.LogTemplate;
import dev.talon.ai.analysis.logs.TemplateMiner;
import dev.talon.ai.analysis.performance.PerformanceFindings;
import dev.talon.api.servers.ServerDirectory.MetricPoint;
import dev.talon.api.servers.ServerDirectory.ServerInfo;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Benchmark harness for issue 7's figures (not a test: run by hand, see docs/BENCHMARKS.md, "Scheduled analysis"):
 * <ol>
 *   <li>miner throughput on one thread, short game-server lines held in memory;</li>
 *   <li>a 1 GB log generated on the fly and streamed through the miner (never stored) with the heap
 *       sampled after GC — run with a small {@code -Xmx} to show memory stays bounded;</li>
 *   <li>tokens sent to the model per MB of log (the explainer's prompt) against sending the log itself;</li>
 *   <li>the performance rules over 1,000 servers × 1 hour of 5-second samples.</li>
 * </ol>
 * Usage: {@code java -cp … AnalysisBench [gigabytes]}.
 */
public final class AnalysisBench {

    private static final String[] NAMES = {"Steve", "Alex", "notch_42", "xX_Creeper_Xx", "Builder99", "Luna", "kai", "Marta"};

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("miner")) {
            throughput(); // only the miner: bench/miner-ab.sh compares two builds of it
            return;
        }
        double gigabytes = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        throughput();
        streamed((long) (gigabytes * (1L << 30)));
        tokensPerMegabyte();
        performanceJob();
    }

    /** A generator of realistic lines: joins, chat, slow-tick warnings, saves, occasional stack traces. */
    static final class Lines {
        private final Random random = new Random(42);
        private long n;
        private final ArrayList<String> queue = new ArrayList<>();

        String next() {
            if (!queue.isEmpty()) {
                return queue.remove(0);
            }
            n++;
            String time = String.format(Locale.ROOT, "[%02d:%02d:%02d]", (n / 3600) % 24, (n / 60) % 60, n % 60);
            String name = NAMES[random.nextInt(NAMES.length)];
            int r = random.nextInt(1000);
            if (r < 300) {
                return time + " [Server thread/INFO]: " + name + " joined the game";
            } else if (r < 550) {
                return time + " [Server thread/INFO]: <" + name + "> gg " + random.nextInt(100);
            } else if (r < 700) {
                return time + " [Server thread/INFO]: " + name + "[/10.0." + random.nextInt(255) + "." + random.nextInt(255) + ":"
                        + (40000 + random.nextInt(20000)) + "] logged in with entity id " + random.nextInt(100000);
            } else if (r < 850) {
                return time + " [Server thread/INFO]: Saving chunks for level 'ServerLevel[world]'/minecraft:overworld";
            } else if (r < 960) {
                int ms = 2000 + random.nextInt(5000);
                return time + " [Server thread/WARN]: Can't keep up! Is the server overloaded? Running " + ms + "ms or " + ms / 50
                        + " ticks behind";
            } else if (r < 995) {
                return time + " [Server thread/INFO]: " + name + " left the game";
            }
            queue.add("java.io.IOException: Connection reset by peer");
            queue.add("\tat io.netty.channel.unix.Errors.newIOException(Errors.java:117) ~[netty.jar:4.1.97]");
            queue.add("\tat io.netty.channel.epoll.EpollEventLoop.run(EpollEventLoop.java:413) ~[netty.jar:4.1.97]");
            return time + " [Netty Epoll Server IO #" + random.nextInt(4) + "/ERROR]: Error sending packet clientbound/minecraft:level_chunk";
        }
    }

    static void throughput() {
        var gen = new Lines();
        String[] lines = new String[2_000_000];
        long bytes = 0;
        for (int i = 0; i < lines.length; i++) {
            lines[i] = gen.next();
            bytes += lines[i].length() + 1;
        }
        double[] rates = new double[7];
        // CPU time of this thread as well: on a shared machine, time the core spent on other work
        // lowers the wall-clock rate but not this one.
        double[] cpuRates = new double[rates.length];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int run = 0; run < rates.length; run++) {
            var miner = new TemplateMiner();
            long t = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            for (String l : lines) {
                miner.accept(l);
            }
            miner.finish();
            rates[run] = lines.length / ((System.nanoTime() - t) / 1e9);
            cpuRates[run] = lines.length / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
        }
        double[] cpuMeasured = Arrays.copyOfRange(cpuRates, 2, cpuRates.length);
        Arrays.sort(cpuMeasured);
        double[] measured = Arrays.copyOfRange(rates, 2, rates.length); // two warm-up runs
        Arrays.sort(measured);
        System.out.printf(Locale.ROOT, "miner: %,d lines (avg %.0f bytes), median of %d runs %.2f M lines/s (min %.2f, max %.2f)%n",
                lines.length, (double) bytes / lines.length, measured.length, measured[measured.length / 2] / 1e6, measured[0] / 1e6,
                measured[measured.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "miner (thread CPU time): median %.2f M lines/s (min %.2f, max %.2f)%n",
                cpuMeasured[cpuMeasured.length / 2] / 1e6, cpuMeasured[0] / 1e6, cpuMeasured[cpuMeasured.length - 1] / 1e6);
    }

    static void streamed(long totalBytes) {
        var gen = new Lines();
        var miner = new TemplateMiner();
        var memory = ManagementFactory.getMemoryMXBean();
        long bytes = 0;
        long maxUsed = 0;
        long t = System.nanoTime();
        long nextSample = 0;
        while (bytes < totalBytes) {
            String line = gen.next();
            bytes += line.length() + 1;
            miner.accept(line);
            if (bytes >= nextSample) {
                System.gc();
                maxUsed = Math.max(maxUsed, memory.getHeapMemoryUsage().getUsed());
                nextSample += totalBytes / 10;
            }
        }
        miner.finish();
        double seconds = (System.nanoTime() - t) / 1e9;
        System.gc();
        maxUsed = Math.max(maxUsed, memory.getHeapMemoryUsage().getUsed());
        System.out.printf(Locale.ROOT, "streamed: %.2f GB, %,d lines in %.1f s (%.2f M lines/s incl. generation), %d templates, "
                        + "max heap used after GC %.1f MB (-Xmx %d MB)%n",
                bytes / (double) (1L << 30), miner.lines(), seconds, miner.lines() / seconds / 1e6, miner.templates().size(),
                maxUsed / 1e6, Runtime.getRuntime().maxMemory() / (1 << 20));
    }

    static void tokensPerMegabyte() {
        var gen = new Lines();
        var miner = new TemplateMiner();
        long bytes = 0;
        while (bytes < (1 << 20)) {
            String line = gen.next();
            bytes += line.length() + 1;
            miner.accept(line);
        }
        miner.finish();
        List<LogTemplate> notable = LogFindings.notable(miner.templates(), Set.of(), 10);
        List<Explainer.Item> items = notable.stream()
                .map(tpl -> new Explainer.Item(tpl.id(), "logs", "warning", tpl.template(), LogFindings.evidence(tpl, false))).toList();
        int promptChars = Explainer.promptChars(items, 12_000);
        // ~4 characters per token for English/log text (the same estimate for both sides)
        System.out.printf(Locale.ROOT, "tokens per MB: raw log %,d chars ≈ %,d tokens; prompt %,d chars ≈ %,d tokens → %.0f× fewer%n",
                bytes, bytes / 4, promptChars, promptChars / 4, (double) bytes / promptChars);
    }

    static void performanceJob() {
        var random = new Random(1);
        List<List<MetricPoint>> servers = new ArrayList<>();
        long t0 = 1_700_000_000_000L;
        for (int s = 0; s < 1000; s++) {
            List<MetricPoint> samples = new ArrayList<>(720);
            double leak = s % 50 == 0 ? 80.0 / 720 : 0;
            for (int i = 0; i < 720; i++) {
                double cpu = 30 + random.nextGaussian() * 3 + (i == 500 && s % 10 == 0 ? 80 : 0);
                long mem = (long) ((300 + leak * i + random.nextGaussian()) * 1024 * 1024);
                samples.add(new MetricPoint(t0 + i * 5_000L, cpu, mem, 2L << 30));
            }
            servers.add(samples);
        }
        double[] times = new double[5];
        int findings = 0;
        for (int run = 0; run < times.length; run++) {
            long t = System.nanoTime();
            findings = 0;
            for (int s = 0; s < servers.size(); s++) {
                var info = new ServerInfo("u" + s, "i" + s, "S" + s, 1, "running", 512L << 20, 100L << 30);
                findings += PerformanceFindings.of(info, servers.get(s), t0, true, java.time.Duration.ofMinutes(20), 0).size();
            }
            times[run] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "performance rules: 1,000 servers × 720 samples (1 h at 5 s): median %.0f ms of 5 runs "
                + "(%.2f ms/server), %d findings%n", times[2], times[2] / 1000, findings);
    }
}
