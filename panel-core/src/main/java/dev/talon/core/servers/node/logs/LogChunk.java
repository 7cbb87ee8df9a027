package dev.talon.core.servers.node.logs;

import java.util.List;

/**
 * The result of an incremental read of {@code latest.log}.
 *
 * @param lines complete lines read (a line still being written is left for the next read)
 * @param nextOffset pass this as the offset of the next read
 * @param restarted true when the given offset was past the end of the file, which means the log
 *     was rotated since the last read; reading then started again at 0
 */
public record LogChunk(List<String> lines, long nextOffset, boolean restarted) {

    public LogChunk {
        lines = List.copyOf(lines);
    }
}
