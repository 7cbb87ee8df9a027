package dev.talon.ai.ollama;

import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.ollama.api.GenerateResponse;
import dev.talon.ai.ollama.api.PullProgress;
import dev.talon.ai.ollama.api.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Sums up the chunks of one stream into the whole answer, and knows which chunk ends it. One per
 * stream, used by its reading thread only.
 */
interface Aggregate<T> {
  Class<T> type();

  void add(T chunk);

  /** Whether the final chunk ({@code done: true}, or {@code status: success}) has arrived. */
  boolean complete();

  /** The text received so far, for errors that happen mid-stream. */
  String text();

  /** The whole answer; meaningful once {@link #complete()}. */
  T result();

  Integer tokensIn();

  Integer tokensOut();

  /** Chat: content, thinking and tool calls concatenated; metrics from the last chunk. */
  final class Chat implements Aggregate<ChatResponse> {
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private ChatResponse last;

    @Override
    public Class<ChatResponse> type() {
      return ChatResponse.class;
    }

    @Override
    public void add(ChatResponse chunk) {
      last = chunk;
      ChatMessage message = chunk.message();
      if (message != null) {
        append(content, message.content());
        append(thinking, message.thinking());
        if (message.toolCalls() != null) {
          toolCalls.addAll(message.toolCalls());
        }
      }
    }

    @Override
    public boolean complete() {
      return last != null && last.done();
    }

    @Override
    public String text() {
      return content.toString();
    }

    @Override
    public ChatResponse result() {
      ChatMessage message = new ChatMessage("assistant", content.toString(),
          thinking.isEmpty() ? null : thinking.toString(), null,
          toolCalls.isEmpty() ? null : List.copyOf(toolCalls), null);
      return new ChatResponse(last.model(), last.createdAt(), message, last.done(),
          last.doneReason(), last.totalDuration(), last.loadDuration(), last.promptEvalCount(),
          last.promptEvalDuration(), last.evalCount(), last.evalDuration());
    }

    @Override
    public Integer tokensIn() {
      return last == null ? null : last.promptEvalCount();
    }

    @Override
    public Integer tokensOut() {
      return last == null ? null : last.evalCount();
    }
  }

  /** Generate: response and thinking concatenated; metrics and context from the last chunk. */
  final class Generate implements Aggregate<GenerateResponse> {
    private final StringBuilder response = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private GenerateResponse last;

    @Override
    public Class<GenerateResponse> type() {
      return GenerateResponse.class;
    }

    @Override
    public void add(GenerateResponse chunk) {
      last = chunk;
      append(response, chunk.response());
      append(thinking, chunk.thinking());
    }

    @Override
    public boolean complete() {
      return last != null && last.done();
    }

    @Override
    public String text() {
      return response.toString();
    }

    @Override
    public GenerateResponse result() {
      return new GenerateResponse(last.model(), last.createdAt(), response.toString(),
          thinking.isEmpty() ? null : thinking.toString(), last.done(), last.doneReason(),
          last.context(), last.totalDuration(), last.loadDuration(), last.promptEvalCount(),
          last.promptEvalDuration(), last.evalCount(), last.evalDuration());
    }

    @Override
    public Integer tokensIn() {
      return last == null ? null : last.promptEvalCount();
    }

    @Override
    public Integer tokensOut() {
      return last == null ? null : last.evalCount();
    }
  }

  /** Pull, create: complete on {@code status: success}, whatever the statuses before. */
  final class Progress implements Aggregate<PullProgress> {
    private PullProgress last;

    @Override
    public Class<PullProgress> type() {
      return PullProgress.class;
    }

    @Override
    public void add(PullProgress chunk) {
      last = chunk;
    }

    @Override
    public boolean complete() {
      return last != null && last.isSuccess();
    }

    @Override
    public String text() {
      return last == null || last.status() == null ? "" : last.status();
    }

    @Override
    public PullProgress result() {
      return last;
    }

    @Override
    public Integer tokensIn() {
      return null;
    }

    @Override
    public Integer tokensOut() {
      return null;
    }
  }

  private static void append(StringBuilder to, String text) {
    if (text != null) {
      to.append(text);
    }
  }
}
