package dev.talon.ai.ollama.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/**
 * An Ollama server on MockWebServer that speaks Ollama's wire format exactly (see
 * /work/shared/ollama-wire/README.md): NDJSON streams with chunked transfer encoding, errors as
 * {@code {"error": …}} with Ollama's statuses and texts, tags/ps/show/version/pull/create/copy/
 * delete/embed. Reusable by every test of the add-on.
 *
 * <pre>{@code
 * try (FakeOllama ollama = FakeOllama.start().withModel("llama3.1:8b")) {
 *   ollama.enqueue("/api/chat", Reply.chat("Hel", "lo").withChunkSizes(3));
 *   … client pointed at ollama.uri() …
 *   ollama.requests("/api/chat").get(0) // the JSON the client sent
 * }
 * }</pre>
 *
 * <p>Unscripted requests get Ollama's default behaviour: installed models answer (chat/generate
 * a short reply), unknown models 404 with Ollama's message. Scripted replies ({@link #enqueue})
 * are used once each, in order, per path. Thread-safe.
 */
public final class FakeOllama extends Dispatcher implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, Wire.FakeModel> models = new ConcurrentHashMap<>();
  private final Map<String, Boolean> running = new ConcurrentHashMap<>();
  private final Map<String, Queue<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
  private final Semaphore clientGone = new Semaphore(0);
  private final AtomicInteger linesWritten = new AtomicInteger();
  private volatile String version = "0.12.6";
  private volatile boolean closed;

  private FakeOllama() {}

  /** A started server on a free local port. */
  public static FakeOllama start() {
    return start(0);
  }

  /** A started server on {@code port} (0: any free one), e.g. to bring a dead host back. */
  public static FakeOllama start(int port) {
    return start(port, true);
  }

  /**
   * As {@link #start(int)}; {@code noDelay} false leaves Nagle's algorithm on the accepted
   * sockets (MockWebServer's default), which is not how Ollama behaves: only for measuring
   * what that costs (see docs/BENCHMARKS.md, assistant streaming).
   */
  public static FakeOllama start(int port, boolean noDelay) {
    FakeOllama fake = new FakeOllama();
    fake.server.setDispatcher(fake);
    if (noDelay) {
      fake.server.setServerSocketFactory(new NoDelayServerSockets());
    }
    try {
      fake.server.start(java.net.InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start MockWebServer", e);
    }
    return fake;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  /** Installs a chat model (family llama, tools capability, 131072 context). */
  public FakeOllama withModel(String name) {
    return withModel(name, "llama", List.of("completion", "tools"), 131072);
  }

  public FakeOllama withModel(String name, String family, List<String> capabilities,
                              long contextLength) {
    String full = normalize(name);
    models.put(full, new Wire.FakeModel(full, family, List.copyOf(capabilities), contextLength));
    return this;
  }

  /** Marks an installed model as loaded, for {@code /api/ps}. */
  public FakeOllama withLoaded(String name) {
    running.put(normalize(name), true);
    return this;
  }

  public FakeOllama withVersion(String version) {
    this.version = version;
    return this;
  }

  /** The next request to {@code path} gets {@code reply}; several queue up in order. */
  public FakeOllama enqueue(String path, Reply reply) {
    scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(reply);
    return this;
  }

  /** The JSON bodies received on {@code path}, in order ({@code null} node for none). */
  public List<JsonNode> requests(String path) {
    return List.copyOf(received.getOrDefault(path, List.of()));
  }

  public int requestCount(String path) {
    return received.getOrDefault(path, List.of()).size();
  }

  /** NDJSON lines written to clients so far, over all streams. */
  public int linesWritten() {
    return linesWritten.get();
  }

  /**
   * Waits until a stream could not be written because the client closed its connection: proof
   * that a cancel reached the socket (Ollama would stop generating here).
   */
  public boolean awaitClientGone(Duration within) throws InterruptedException {
    return clientGone.tryAcquire(within.toNanos(), TimeUnit.NANOSECONDS);
  }

  public boolean isInstalled(String model) {
    return models.containsKey(normalize(model));
  }

  @Override
  public void close() {
    closed = true;
    server.close();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    JsonNode body = parse(request);
    received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
    String asked = normalize(body.path("model").asText(""));
    if (path.equals("/api/chat") && body.path("tools").isArray() && !body.path("tools").isEmpty()
        && models.containsKey(asked) && !models.get(asked).capabilities().contains("tools")) {
      // Ollama checks capabilities before loading the model: 400, the quoted name as requested
      return respond(Reply.error(400, "\"" + body.path("model").asText() + "\" does not support tools"), body);
    }
    Queue<Reply> queue = scripts.get(path);
    Reply scripted = queue == null ? null : queue.poll();
    if (scripted != null) {
      return respond(scripted, body);
    }
    return defaults(request.getMethod(), path, body);
  }

  private MockResponse defaults(String method, String path, JsonNode body) {
    String model = body.path("model").asText("");
    return switch (method + " " + path) {
      case "GET /", "HEAD /" -> new MockResponse.Builder().code(200)
          .setHeader("Content-Type", "text/plain; charset=utf-8").body("Ollama is running")
          .build();
      case "GET /api/version" -> respond(Reply.json(200,
          Wire.JSON.createObjectNode().put("version", version).toString()), body);
      case "GET /api/tags" -> respond(Reply.json(200, modelList(false)), body);
      case "GET /api/ps" -> respond(Reply.json(200, modelList(true)), body);
      case "POST /api/show" -> isInstalled(model)
          ? respond(Reply.json(200, Wire.show(models.get(normalize(model))).toString()), body)
          : respond(Reply.error(404, "model '" + model + "' not found"), body);
      case "POST /api/chat" -> isInstalled(model)
          ? respond(Reply.chat("Hello", "!"), body) : notFound(model, body);
      case "POST /api/generate" -> isInstalled(model)
          ? respond(Reply.generate("Hello", "!"), body) : notFound(model, body);
      case "POST /api/embed" -> isInstalled(model)
          ? respond(Reply.json(200, embeddings(model, body.path("input"))), body)
          : notFound(model, body);
      case "POST /api/pull" -> {
        withModel(model);
        yield respond(Reply.pullProgress(3), body);
      }
      case "POST /api/create" -> {
        withModel(model);
        yield respond(Reply.createProgress(), body);
      }
      case "DELETE /api/delete" -> models.remove(normalize(model)) != null
          ? new MockResponse.Builder().code(200).build()
          : respond(Reply.error(404, "model '" + model + "' not found"), body);
      case "POST /api/copy" -> {
        String source = body.path("source").asText("");
        if (!isInstalled(source)) {
          yield respond(Reply.error(404, "model '" + source + "' not found"), body);
        }
        Wire.FakeModel from = models.get(normalize(source));
        withModel(body.path("destination").asText(), from.family(), from.capabilities(),
            from.contextLength());
        yield new MockResponse.Builder().code(200).build();
      }
      default -> new MockResponse.Builder().code(404)
          .setHeader("Content-Type", "text/plain").body("404 page not found").build();
    };
  }

  private MockResponse notFound(String model, JsonNode body) {
    return respond(Reply.error(404, "model \"" + model + "\" not found, try pulling it first"),
        body);
  }

  private MockResponse respond(Reply reply, JsonNode request) {
    MockResponse.Builder builder = new MockResponse.Builder().code(reply.status);
    if (!reply.firstByteDelay.isZero()) {
      builder.headersDelay(reply.firstByteDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (reply.fixedBody != null) {
      return builder.setHeader("Content-Type", reply.contentType).body(reply.fixedBody).build();
    }
    if (!request.path("stream").asBoolean(true)) {
      ObjectNode whole = reply.whole == null ? null : reply.whole.apply(request);
      if (whole == null || reply.midStreamError != null) { // Ollama turns it into a status
        return builder.code(500).setHeader("Content-Type", "application/json; charset=utf-8")
            .body(Wire.error(reply.midStreamError == null ? Wire.RUN_ERROR
                : reply.midStreamError).toString()).build();
      }
      return builder.setHeader("Content-Type", "application/json; charset=utf-8")
          .body(whole.toString()).build();
    }
    if (reply.disconnectAfterLines >= 0) {
      builder.onResponseEnd(new SocketEffect.CloseSocket(true, false, false));
    }
    return builder.body(new ChunkedNdjson(reply, reply.linesFor(request)))
        .removeHeader("Content-Length")
        .setHeader("Content-Type", "application/x-ndjson")
        .setHeader("Transfer-Encoding", "chunked")
        .build();
  }

  private String modelList(boolean onlyRunning) {
    ObjectNode list = Wire.JSON.createObjectNode();
    var array = list.putArray("models");
    models.forEach((name, spec) -> {
      if (!onlyRunning || running.containsKey(name)) {
        array.add(Wire.model(name, spec, onlyRunning));
      }
    });
    return list.toString();
  }

  private static String embeddings(String model, JsonNode input) {
    int count = input.isArray() ? input.size() : 1;
    ObjectNode out = Wire.JSON.createObjectNode().put("model", model);
    var vectors = out.putArray("embeddings");
    for (int i = 0; i < count; i++) {
      vectors.addArray().add(0.010071029 + i).add(-0.0017594862).add(0.05007221).add(0.04692972);
    }
    return out.put("total_duration", 14143917L).put("load_duration", 1019500L)
        .put("prompt_eval_count", 8).toString();
  }

  private static JsonNode parse(RecordedRequest request) {
    var body = request.getBody();
    if (body == null || body.size() == 0) {
      return Wire.JSON.createObjectNode();
    }
    try {
      return Wire.JSON.readTree(body.utf8());
    } catch (IOException e) {
      return Wire.JSON.createObjectNode().put("_unparseable", body.utf8());
    }
  }

  private static String normalize(String model) {
    int slash = model.lastIndexOf('/');
    return model.indexOf(':', slash + 1) >= 0 ? model : model + ":latest";
  }

  /**
   * Writes NDJSON lines with HTTP/1.1 chunked encoding by hand, so a test controls every chunk
   * boundary (inside lines, inside UTF-8 characters), the pauses, a stall or a dropped
   * connection; notices when the client has gone away.
   */
  private final class ChunkedNdjson implements MockResponseBody {
    private final Reply reply;
    private final List<String> lines;

    ChunkedNdjson(Reply reply, List<String> lines) {
      this.reply = reply;
      this.lines = lines;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      int cut = lines.size();
      if (reply.stallAfterLines >= 0) {
        cut = Math.min(cut, reply.stallAfterLines);
      }
      if (reply.disconnectAfterLines >= 0) {
        cut = Math.min(cut, reply.disconnectAfterLines);
      }
      try {
        writeLines(sink, lines.subList(0, cut));
        if (reply.disconnectAfterLines >= 0) {
          // Half a line, then no more chunks: onResponseEnd closes the socket. The CRLF that
          // MockWebServer appends after a chunked body ends this last chunk.
          sink.writeUtf8("9\r\n{\"model\":").flush();
          return;
        }
        if (reply.stallAfterLines >= 0) {
          stall();
          return;
        }
        sink.writeUtf8("0\r\n"); // MockWebServer adds the (empty) trailers and the final CRLF
        sink.flush();
      } catch (IOException e) {
        clientGone.release();
        throw e;
      }
    }

    private void writeLines(BufferedSink sink, List<String> toWrite) throws IOException {
      List<byte[]> pieces = new ArrayList<>();
      StringBuilder all = new StringBuilder();
      for (String line : toWrite) {
        all.append(line).append('\n');
      }
      byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
      if (reply.chunkSizes == null) { // like Ollama: one HTTP chunk per line
        for (String line : toWrite) {
          pieces.add((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      } else {
        for (int at = 0, i = 0; at < bytes.length; i++) {
          int size = Math.min(reply.chunkSizes[i % reply.chunkSizes.length], bytes.length - at);
          pieces.add(java.util.Arrays.copyOfRange(bytes, at, at + size));
          at += size;
        }
      }
      int lineEnds = 0;
      for (byte[] piece : pieces) {
        sink.writeUtf8(Integer.toHexString(piece.length)).writeUtf8("\r\n").write(piece)
            .writeUtf8("\r\n");
        sink.flush();
        for (byte b : piece) {
          if (b == '\n') {
            lineEnds++;
            linesWritten.incrementAndGet();
          }
        }
        if (!reply.chunkDelay.isZero()) {
          sleep(reply.chunkDelay);
        }
      }
      if (lineEnds != toWrite.size()) {
        throw new IllegalStateException("wrote " + lineEnds + " of " + toWrite.size());
      }
    }

    private void stall() throws IOException {
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!closed && System.nanoTime() < until) {
        sleep(Duration.ofMillis(10));
      }
    }

    private void sleep(Duration d) throws IOException {
      try {
        Thread.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /**
   * Ollama is a Go server, and Go turns Nagle's algorithm off on every TCP connection
   * (TCP_NODELAY). MockWebServer leaves it on; then the first NDJSON chunk, written just after
   * the response headers, waits for the client's delayed ACK of the headers (about 40 ms on
   * Linux loopback) and the panel's time to first token looks 40 ms worse than it is.
   */
  private static final class NoDelayServerSockets extends javax.net.ServerSocketFactory {
    @Override
    public java.net.ServerSocket createServerSocket() throws IOException {
      return new java.net.ServerSocket() {
        @Override
        public java.net.Socket accept() throws IOException {
          java.net.Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
        throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }
  }
}
