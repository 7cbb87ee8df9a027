package dev.talon.ai.ollama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaClientConfig;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Client overhead per streamed token and memory per open stream, against a local server that
 * streams Ollama chat chunks at full speed, side by side with a bare OkHttp read loop (the floor)
 * and OkHttp + Jackson per line (what any Java client must at least do). Not a test: run it by
 * hand, see docs/BENCHMARKS.md (shared Ollama client). Arguments: [tokens] [runs] [streams].
 */
public final class StreamingOverheadBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "llama3.1:8b";

  public static void main(String[] args) throws Exception {
    int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    int streams = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    try (FullSpeedServer server = new FullSpeedServer(tokens)) {
      URI uri = server.uri();
      OkHttpClient bare = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(1)).build();
      OllamaClient client = OllamaClient.create(OllamaClientConfig.builder(List.of(uri))
          .maxConcurrentRequests(streams + 10).healthCheckInterval(Duration.ZERO).build());

      System.out.printf(Locale.ROOT, "%d tokens per stream (%d bytes), %d runs, JDK %s, %d cpus%n",
          tokens, server.bodyBytes(), runs, Runtime.version(),
          Runtime.getRuntime().availableProcessors());
      for (int i = 0; i < 3; i++) { // warm-up: JIT all three paths
        bareLines(bare, uri, tokens);
        bareJackson(bare, uri, tokens);
        talon(client, tokens);
      }
      double[] floor = new double[runs];
      double[] jackson = new double[runs];
      double[] ours = new double[runs];
      for (int run = 0; run < runs; run++) { // interleaved, so noise hits all three alike
        floor[run] = bareLines(bare, uri, tokens);
        jackson[run] = bareJackson(bare, uri, tokens);
        ours[run] = talon(client, tokens);
      }
      double f = median(floor);
      double j = median(jackson);
      double o = median(ours);
      System.out.printf(Locale.ROOT, "ns per token (median of %d): bare OkHttp lines %.0f | "
          + "OkHttp + Jackson %.0f | Talon client %.0f%n", runs, f, j, o);
      System.out.printf(Locale.ROOT, "Talon / bare = %.2fx (+%.0f ns/token); Talon / "
          + "OkHttp+Jackson = %.2fx (+%.0f ns/token)%n", o / f, o - f, o / j, o - j);
      System.out.printf(Locale.ROOT, "runs, ns/token: bare %s | jackson %s | talon %s%n",
          fmt(floor), fmt(jackson), fmt(ours));

      server.holdAfterFirstLine = true;
      double[] bareMem = new double[5];
      double[] ourMem = new double[5];
      for (int run = 0; run < bareMem.length; run++) {
        bareMem[run] = bareOpenStreams(bare, uri, streams);
        ourMem[run] = talonOpenStreams(client, streams);
      }
      System.out.printf(Locale.ROOT, "heap per open stream (median of 5, %d streams): bare OkHttp "
          + "%.1f KiB | Talon client %.1f KiB (%.2fx)%n", streams, median(bareMem) / 1024,
          median(ourMem) / 1024, median(ourMem) / median(bareMem));
      client.close();
      bare.connectionPool().evictAll();
    }
  }

  private static Request chatRequest(URI uri) {
    return new Request.Builder().url(uri + "/api/chat").post(RequestBody.create(
        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        MediaType.get("application/json"))).build();
  }

  /** The floor: read lines, nothing else. */
  private static double bareLines(OkHttpClient http, URI uri, int tokens) throws IOException {
    long start = System.nanoTime();
    long lines = 0;
    try (Response response = http.newCall(chatRequest(uri)).execute()) {
      BufferedSource source = response.body().source();
      for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
        lines++;
      }
    }
    check(lines == tokens + 1, "bare lines " + lines);
    return (System.nanoTime() - start) / (double) tokens;
  }

  /** OkHttp plus a Jackson tree per line and the text out of it. */
  private static double bareJackson(OkHttpClient http, URI uri, int tokens) throws IOException {
    long start = System.nanoTime();
    long chars = 0;
    try (Response response = http.newCall(chatRequest(uri)).execute()) {
      BufferedSource source = response.body().source();
      for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
        JsonNode node = JSON.readTree(line);
        chars += node.path("message").path("content").asText().length();
      }
    }
    check(chars > tokens, "jackson chars " + chars);
    return (System.nanoTime() - start) / (double) tokens;
  }

  private static double talon(OllamaClient client, int tokens) {
    long start = System.nanoTime();
    long[] chunks = {0};
    ChatResponse whole;
    try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT,
        ChatRequest.of(MODEL, List.of(ChatMessage.user("hi"))))) {
      whole = stream.collect(chunk -> chunks[0]++);
    }
    check(chunks[0] == tokens + 1 && whole.evalCount() == tokens, "talon chunks " + chunks[0]);
    return (System.nanoTime() - start) / (double) tokens;
  }

  private static double bareOpenStreams(OkHttpClient http, URI uri, int n) throws IOException {
    long before = usedHeap();
    List<Response> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Response response = http.newCall(chatRequest(uri)).execute();
      check(response.body().source().readUtf8Line() != null, "first line");
      open.add(response);
    }
    double perStream = (usedHeap() - before) / (double) n;
    for (Response response : open) {
      response.body().source().timeout().timeout(1, TimeUnit.NANOSECONDS);
      response.close();
    }
    http.connectionPool().evictAll();
    return perStream;
  }

  private static double talonOpenStreams(OllamaClient client, int n) {
    long before = usedHeap();
    List<OllamaStream<ChatResponse>> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT,
          ChatRequest.of(MODEL, List.of(ChatMessage.user("hi"))));
      stream.next();
      open.add(stream);
    }
    double perStream = (usedHeap() - before) / (double) n;
    open.forEach(OllamaStream::close);
    return perStream;
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String fmt(double[] values) {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      out.append(String.format(Locale.ROOT, "%.0f ", v));
    }
    return out.toString().strip();
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark sanity check failed: " + what);
    }
  }

  /**
   * A minimal HTTP/1.1 server that answers every request with the same pre-encoded chunked NDJSON
   * chat stream (one HTTP chunk per 16 KiB, as fast as the socket takes it), so the server costs
   * next to nothing and the client is what is measured. With {@code holdAfterFirstLine} it sends
   * one line and then keeps the stream open, for the memory measurement.
   */
  private static final class FullSpeedServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    private final byte[] response;
    private final byte[] firstLineOnly;
    private final int bodyBytes;
    private final List<Socket> held = new ArrayList<>();
    volatile boolean holdAfterFirstLine;

    FullSpeedServer(int tokens) throws IOException {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < tokens; i++) {
        body.append("{\"model\":\"").append(MODEL).append("\",\"created_at\":\"2025-10-26T17:15:")
            .append(String.format(Locale.ROOT, "%02d.%06d", 24 + i / 1_000_000 % 30, i % 1_000_000))
            .append("Z\",\"message\":{\"role\":\"assistant\",\"content\":\" tok").append(i % 100)
            .append("\"},\"done\":false}\n");
      }
      body.append("{\"model\":\"").append(MODEL).append("\",\"created_at\":\"2025-10-26T17:15:")
          .append("59.000000Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,")
          .append("\"done_reason\":\"stop\",\"total_duration\":4883583458,\"load_duration\":1334875,")
          .append("\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":")
          .append(tokens).append(",\"eval_duration\":4535599000}\n");
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      bodyBytes = bytes.length;
      response = chunked(bytes, true);
      int firstNewline = indexOf(bytes, (byte) '\n') + 1;
      firstLineOnly = chunked(Arrays.copyOf(bytes, firstNewline), false);
      Thread accept = new Thread(this::acceptLoop, "bench-server");
      accept.setDaemon(true);
      accept.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    int bodyBytes() {
      return bodyBytes;
    }

    private static byte[] chunked(byte[] body, boolean terminate) {
      var out = new java.io.ByteArrayOutputStream();
      out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      for (int at = 0; at < body.length; at += 16384) {
        int n = Math.min(16384, body.length - at);
        out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, at, n);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      if (terminate) {
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == b) {
          return i;
        }
      }
      return -1;
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          Thread.ofVirtual().start(() -> serve(connection));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection) {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        while (readRequest(in)) {
          if (holdAfterFirstLine) {
            out.write(firstLineOnly);
            out.flush();
            synchronized (held) {
              held.add(connection);
            }
            in.read(); // until the client closes
            return;
          }
          out.write(response);
          out.flush();
        }
      } catch (IOException ignored) {
        // the client went away
      }
    }

    /** Reads one request (headers and a Content-Length body); false at end of connection. */
    private static boolean readRequest(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      int contentLength = 0;
      boolean any = false;
      for (int c = in.read(); c != -1; c = in.read()) {
        any = true;
        if (c == '\n') {
          String header = line.toString().strip();
          if (header.isEmpty()) {
            in.readNBytes(contentLength);
            return true;
          }
          if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            contentLength = Integer.parseInt(header.substring(15).strip());
          }
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      return any && false;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
