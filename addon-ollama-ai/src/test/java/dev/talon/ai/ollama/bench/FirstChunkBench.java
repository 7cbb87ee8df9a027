package dev.talon.ai.ollama.bench;

import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaClientConfig;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Time from {@code streamChat} to the first chunk, against the fake Ollama with Nagle's algorithm
 * on its sockets (MockWebServer's default) and off (TCP_NODELAY, as Go and so Ollama do), in
 * alternating rounds in one JVM. Not a test: run it by hand, see docs/BENCHMARKS.md (assistant
 * streaming). Arguments: [requests per round] [rounds].
 */
public final class FirstChunkBench {
  private static final String MODEL = "llama3.1:8b";

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf(Locale.ROOT, "%d requests per round after 5 warm-up, JDK %s, %d cpus%n", requests,
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    for (int round = 0; round < rounds; round++) {
      for (boolean noDelay : new boolean[] {false, true}) {
        List<Double> ms = firstChunkTimes(noDelay, requests);
        long over20 = ms.stream().filter(t -> t > 20).count();
        System.out.printf(Locale.ROOT, "round %d, fake %-22s first chunk p50 %6.2f ms, p90 %6.2f ms, %d of %d over 20 ms%n",
            round + 1, noDelay ? "with TCP_NODELAY:" : "with Nagle (default):", ms.get(ms.size() / 2),
            ms.get((int) (ms.size() * 0.9)), over20, ms.size());
      }
    }
  }

  private static List<Double> firstChunkTimes(boolean noDelay, int requests) throws Exception {
    List<Double> times = new ArrayList<>();
    try (FakeOllama ollama = FakeOllama.start(0, noDelay).withModel(MODEL);
         OllamaClient client = OllamaClient.create(OllamaClientConfig.builder(List.of(ollama.uri()))
             .healthCheckInterval(Duration.ZERO).build())) {
      for (int i = 0; i < requests + 5; i++) {
        ollama.enqueue("/api/chat", Reply.chatTokens(5).withChunkDelay(Duration.ofMillis(5)));
        long start = System.nanoTime();
        try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT,
            ChatRequest.of(MODEL, List.of(ChatMessage.user("hi"))))) {
          stream.hasNext();
          stream.next();
          if (i >= 5) {
            times.add((System.nanoTime() - start) / 1e6);
          }
          while (stream.hasNext()) {
            stream.next();
          }
        }
      }
    }
    Collections.sort(times);
    return times;
  }
}
