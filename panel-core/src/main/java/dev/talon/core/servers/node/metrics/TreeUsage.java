package dev.talon.core.servers.node.metrics;

/**
 * Resource use of one process and its descendants at one moment.
 *
 * @param cpuPercent CPU since the previous sample of this tree (since start for the first), 100 = one core
 * @param rssBytes resident memory summed over the tree
 * @param processes how many processes the tree has
 */
public record TreeUsage(double cpuPercent, long rssBytes, int processes) {

    public static final TreeUsage NONE = new TreeUsage(0, 0, 0);
}
