package dev.talon.ai.analysis.performance;

import java.util.Arrays;

/**
 * A streaming anomaly detector for one metric: a robust baseline — median and MAD (median
 * absolute deviation) over a sliding window of the previous values, plus an EWMA for display —
 * and a score in 0..1 for each new value. The score grows with the robust z-score
 * {@code |x − median| / (1.4826 · MAD)}: 0 up to z = 3 (ordinary noise), 1 from z = 8. A spike
 * does not move a median, so one outlier neither hides the next nor inflates the baseline.
 *
 * <p>Not thread-safe: one detector per series.
 */
public final class AnomalyDetector {

    private final double[] window;
    private final double[] sorted;
    private final int warmUp;
    private final double alpha;
    private int size;
    private int next;
    private double ewma = Double.NaN;
    private double lastMedian = Double.NaN;
    private double lastZ;

    /**
     * @param windowSize values the baseline looks back over (e.g. 60 five-second samples = 5 min)
     * @param warmUp values before any score is given
     * @param alpha EWMA weight of the newest value
     */
    public AnomalyDetector(int windowSize, int warmUp, double alpha) {
        this.window = new double[windowSize];
        this.sorted = new double[windowSize];
        this.warmUp = warmUp;
        this.alpha = alpha;
    }

    /** 60-value window, scores after 12 values, EWMA weight 0.1. */
    public static AnomalyDetector defaults() {
        return new AnomalyDetector(60, 12, 0.1);
    }

    /** Scores {@code value} against the values before it, then adds it to the window. */
    public double score(double value) {
        double score = 0;
        lastZ = 0;
        if (size >= warmUp) {
            System.arraycopy(window, 0, sorted, 0, size);
            Arrays.sort(sorted, 0, size);
            double median = median(sorted, size);
            for (int i = 0; i < size; i++) {
                sorted[i] = Math.abs(sorted[i] - median);
            }
            Arrays.sort(sorted, 0, size);
            double mad = median(sorted, size);
            double scale = 1.4826 * mad;
            double floor = Math.max(1e-9, Math.abs(median) * 0.01); // a flat series still tolerates 1% wiggle
            lastMedian = median;
            lastZ = Math.abs(value - median) / Math.max(scale, floor);
            score = Math.min(1, Math.max(0, (lastZ - 3) / 5));
        }
        ewma = Double.isNaN(ewma) ? value : alpha * value + (1 - alpha) * ewma;
        window[next] = value;
        next = (next + 1) % window.length;
        size = Math.min(size + 1, window.length);
        return score;
    }

    /** The median of the window before the last scored value (NaN during warm-up). */
    public double baseline() {
        return lastMedian;
    }

    /** The robust z-score of the last value. */
    public double lastZ() {
        return lastZ;
    }

    public double ewma() {
        return ewma;
    }

    private static double median(double[] a, int n) {
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
