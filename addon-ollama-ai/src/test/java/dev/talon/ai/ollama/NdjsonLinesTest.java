package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {

  /** Hands out the bytes in pieces of random size, 1 to max: every boundary gets hit. */
  private static Source trickle(byte[] bytes, long seed, int max) {
    Random random = new Random(seed);
    Buffer all = new Buffer().write(bytes);
    return new Source() {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        if (all.size() == 0) {
          return -1;
        }
        long n = Math.min(Math.min(byteCount, all.size()), 1 + random.nextInt(max));
        sink.write(all, n);
        return n;
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    };
  }

  private static List<String> readAll(NdjsonLines lines) throws IOException {
    List<String> out = new ArrayList<>();
    for (byte[] line = lines.next(); line != null; line = lines.next()) {
      out.add(new String(line, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void lines_are_whole_whatever_the_read_boundaries() throws IOException {
    List<String> expected = List.of("{\"a\":\"Grüße 🌍\"}", "{\"b\":\"日本語\"}", "{\"c\":1}");
    byte[] body = (String.join("\n", expected) + "\n").getBytes(StandardCharsets.UTF_8);
    for (long seed = 0; seed < 200; seed++) {
      NdjsonLines lines = new NdjsonLines(Okio.buffer(trickle(body, seed, 1 + (int) seed % 9)));
      assertEquals(expected, readAll(lines), "seed " + seed);
    }
  }

  @Test
  void blank_lines_and_crlf_are_skipped_and_a_last_line_without_newline_counts() throws IOException {
    byte[] body = "\n{\"a\":1}\r\n\n  \n{\"b\":2}".getBytes(StandardCharsets.UTF_8);
    NdjsonLines lines = new NdjsonLines(Okio.buffer(trickle(body, 1, 3)));
    assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), readAll(lines));
  }

  @Test
  void a_line_up_to_the_limit_is_read_and_a_longer_one_is_refused() throws IOException {
    byte[] big = new byte[1000];
    java.util.Arrays.fill(big, (byte) 'x');
    Buffer ok = new Buffer().write(big).writeUtf8("\n");
    assertArrayEquals(big, new NdjsonLines(ok, 1000).next());
    Buffer tooLong = new Buffer().write(big).writeUtf8("y\n");
    assertThrows(ProtocolException.class, () -> new NdjsonLines(tooLong, 1000).next());
  }

  @Test
  void an_eight_megabyte_line_is_allowed() throws IOException {
    byte[] line = new byte[8 * 1024 * 1024];
    java.util.Arrays.fill(line, (byte) 'z');
    NdjsonLines lines = new NdjsonLines(new Buffer().write(line).writeUtf8("\n"));
    assertEquals(line.length, lines.next().length);
    assertNull(lines.next());
  }
}
