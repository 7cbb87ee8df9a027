package dev.talon.ai.ollama;

import java.io.IOException;
import java.net.ProtocolException;
import okio.BufferedSource;

/**
 * Splits an NDJSON body into lines as bytes arrive, whatever the chunk boundaries (inside a line,
 * inside a multi-byte UTF-8 character: bytes are only decoded once a line is whole). Lines may be
 * up to 8 MB, as in Ollama's Go client. Not thread-safe: one reader.
 */
final class NdjsonLines {
  static final long MAX_LINE_BYTES = 8L * 1024 * 1024;

  private final BufferedSource source;
  private final long maxLineBytes;

  NdjsonLines(BufferedSource source) {
    this(source, MAX_LINE_BYTES);
  }

  NdjsonLines(BufferedSource source, long maxLineBytes) {
    this.source = source;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The next non-blank line without its terminator, or {@code null} at the end of the body. Blocks
   * until a whole line (or the end) has arrived.
   *
   * @throws ProtocolException when a line is longer than the limit
   */
  byte[] next() throws IOException {
    while (true) {
      long newline = source.indexOf((byte) '\n', 0, maxLineBytes + 1);
      byte[] line;
      if (newline >= 0) {
        line = source.readByteArray(newline);
        source.skip(1);
      } else if (source.getBuffer().size() > maxLineBytes) {
        throw new ProtocolException("NDJSON line longer than " + maxLineBytes + " bytes");
      } else if (source.exhausted()) {
        return null;
      } else {
        line = source.readByteArray(); // a last line without '\n', complete at end of body
      }
      int length = trimmedLength(line);
      if (length > 0) {
        return length == line.length ? line : java.util.Arrays.copyOf(line, length);
      }
    }
  }

  private static int trimmedLength(byte[] line) {
    int end = line.length;
    while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == ' ' || line[end - 1] == '\t')) {
      end--;
    }
    for (int i = 0; i < end; i++) {
      if (line[i] != ' ' && line[i] != '\t') {
        return end;
      }
    }
    return 0;
  }
}
