package dev.talon.ai.ollama;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON in and out, Ollama-style: snake_case names, nulls omitted, unknown fields ignored (new
 * fields appear in most Ollama releases). Thread-safe; one per client.
 */
final class JsonCodec {
  private static final byte[] ERROR_KEY = "\"error\"".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper mapper = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  /**
   * A request body: the record's fields, then {@code stream} when given, then {@code keep_alive}
   * when the request has none and the client is configured with one.
   */
  byte[] encode(Object request, Boolean stream, String defaultKeepAlive) {
    ObjectNode body = mapper.valueToTree(request);
    if (stream != null) {
      body.put("stream", stream);
    }
    if (defaultKeepAlive != null && !body.has("keep_alive")) {
      body.put("keep_alive", defaultKeepAlive);
    }
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot encode request " + request, e);
    }
  }

  ObjectReader reader(Class<?> type) {
    return mapper.readerFor(type);
  }

  <T> T decode(ObjectReader reader, byte[] json) throws IOException {
    return reader.readValue(json);
  }

  <T> T decode(Class<T> type, byte[] json) throws IOException {
    return mapper.readValue(json, type);
  }

  JsonNode tree(byte[] json) throws IOException {
    return mapper.readTree(json);
  }

  /**
   * The message of an {@code {"error": …}} object, or {@code null} when the JSON is not one. Only
   * lines that contain {@code "error"} with real quotes (a key, since quotes inside strings are
   * escaped, or the bare string value "error") are parsed twice.
   */
  String errorMessage(byte[] json) {
    if (indexOf(json, ERROR_KEY) < 0) {
      return null;
    }
    try {
      JsonNode error = mapper.readTree(json).get("error");
      if (error == null || error.isNull()) {
        return null;
      }
      return error.isTextual() ? error.asText() : error.toString();
    } catch (IOException e) {
      return null;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
