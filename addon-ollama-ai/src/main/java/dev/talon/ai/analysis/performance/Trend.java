package dev.talon.ai.analysis.performance;

import java.util.List;

/**
 * A least-squares line through (time, value) points and when it reaches a limit: the memory-leak
 * slope and the time until the memory limit, or the disk-full ETA.
 *
 * @param slopePerHour growth per hour (value units)
 * @param r2 how well the line fits (1 = perfectly)
 * @param last the value of the last point
 * @param points how many points
 * @param spanMillis time from the first to the last point
 */
public record Trend(double slopePerHour, double r2, double last, int points, long spanMillis) {

    /** A time and a value. */
    public record Point(long at, double value) {}

    /** The fitted trend, or {@code null} for fewer than three points or no time span. */
    public static Trend fit(List<Point> points) {
        int n = points.size();
        if (n < 3) {
            return null;
        }
        long t0 = points.get(0).at();
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        for (Point p : points) {
            double x = (p.at() - t0) / 3_600_000.0;
            double y = p.value();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
        }
        double vx = n * sxx - sx * sx;
        if (vx <= 0) {
            return null;
        }
        double slope = (n * sxy - sx * sy) / vx;
        double vy = n * syy - sy * sy;
        double r2 = vy <= 0 ? 0 : Math.pow(n * sxy - sx * sy, 2) / (vx * vy);
        return new Trend(slope, r2, points.get(n - 1).value(), n, points.get(n - 1).at() - t0);
    }

    /** Hours until the value reaches {@code limit} at this slope; infinite when not growing or already there. */
    public double hoursUntil(double limit) {
        if (slopePerHour <= 0 || limit <= last) {
            return limit <= last && slopePerHour > 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (limit - last) / slopePerHour;
    }

    /** A steady rise: a good fit over at least {@code minSpan} (a shorter rise may be a warm-up). */
    public boolean steadyRise(java.time.Duration minSpan) {
        return slopePerHour > 0 && r2 >= 0.8 && spanMillis >= minSpan.toMillis();
    }
}
