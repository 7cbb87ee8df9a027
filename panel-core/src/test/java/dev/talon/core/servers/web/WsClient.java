package dev.talon.core.servers.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.servers.ServersFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A Wings-protocol console client for tests: records every frame it receives. */
final class WsClient implements AutoCloseable {

    /** One received frame. */
    record Frame(String event, List<String> args) {
        String arg() {
            return args.isEmpty() ? "" : args.getFirst();
        }
    }

    private static final OkHttpClient HTTP = new OkHttpClient();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    volatile int closeCode = -1;

    WsClient(String url) {
        this.socket = HTTP.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                JsonNode node = ServersFixture.read(text);
                List<String> args = new java.util.ArrayList<>();
                node.path("args").forEach(a -> args.add(a.asText()));
                frames.add(new Frame(node.path("event").asText(), args));
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                closeCode = code;
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                closeCode = response == null ? 1006 : response.code();
            }
        });
    }

    void send(String event, String... args) {
        socket.send(ServersFixture.JSON.valueToTree(Map.of("event", event, "args", List.of(args))).toString());
    }

    List<Frame> frames() {
        return List.copyOf(frames);
    }

    Frame await(String what, Predicate<Frame> match) {
        ServersFixture.await(what, Duration.ofSeconds(20), () -> frames.stream().anyMatch(match));
        return frames.stream().filter(match).findFirst().orElseThrow();
    }

    boolean saw(Predicate<Frame> match) {
        return frames.stream().anyMatch(match);
    }

    @Override
    public void close() {
        socket.close(1000, "bye");
    }
}
