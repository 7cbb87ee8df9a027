package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaHostsTest {

  @ParameterizedTest(name = "OLLAMA_HOST=\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "''                          | http://127.0.0.1:11434",
      "gpu-box                     | http://gpu-box:11434",
      "gpu-box:8080                | http://gpu-box:8080",
      "0.0.0.0                     | http://0.0.0.0:11434",
      "10.0.0.5:1234               | http://10.0.0.5:1234",
      ":9999                       | http://127.0.0.1:9999",
      "http://gpu-box              | http://gpu-box:80",
      "https://ollama.example.com  | https://ollama.example.com:443",
      "https://ollama.example.com:8443/ollama/ | https://ollama.example.com:8443/ollama",
      "HTTP://Gpu-Box:11434        | http://Gpu-Box:11434",
      "::1                         | http://[::1]:11434",
      "[::1]:8080                  | http://[::1]:8080",
      "'  gpu-box  '               | http://gpu-box:11434",
  })
  void parses_like_ollama(String value, String expected) {
    assertEquals(URI.create(expected), OllamaHosts.parse(value, 11434));
  }

  @Test
  void a_bare_host_takes_the_configured_default_port() {
    assertEquals(URI.create("http://gpu-box:9000"),
        OllamaHosts.parse("gpu-box", OllamaHosts.defaultPort("9000")));
    assertEquals(11434, OllamaHosts.defaultPort(" "));
  }

  @Test
  void a_bad_port_is_rejected_with_the_value_in_the_message() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> OllamaHosts.parse("gpu-box:abc", 11434));
    assertTrue(e.getMessage().contains("gpu-box:abc"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OllamaHosts.parse("h:70000", 11434));
    assertThrows(IllegalArgumentException.class, () -> OllamaHosts.defaultPort("x"));
    assertThrows(IllegalArgumentException.class, () -> OllamaHosts.parse("ftp://h", 11434));
  }

  @Test
  void several_hosts_can_be_listed() {
    assertEquals(List.of(URI.create("http://a:11434"), URI.create("http://b:1"),
            URI.create("https://c:443")),
        OllamaHosts.parseList("a, b:1  https://c", 11434));
    assertEquals(List.of(URI.create("http://127.0.0.1:11434")), OllamaHosts.parseList("", 11434));
  }

  @Test
  void config_errors_name_the_key_and_the_value() {
    var e = assertThrows(IllegalArgumentException.class, () -> OllamaClientConfig
        .builder(List.of(URI.create("http://a:1"))).maxConcurrentRequests(0).build());
    assertEquals("Invalid Ollama client setting limits.max_concurrent_requests: 0", e.getMessage());
  }
}
