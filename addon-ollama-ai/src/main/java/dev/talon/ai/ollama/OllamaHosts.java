package dev.talon.ai.ollama;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses host addresses the way Ollama parses {@code OLLAMA_HOST} ({@code envconfig.Host()}):
 * {@code host}, {@code host:port}, {@code [ipv6]:port} or a URL {@code scheme://host[:port][/path]}.
 *
 * <p>As in Ollama, a value without a scheme means {@code http} on the default port (11434, or the
 * add-on's {@code OLLAMA_PORT}), while a URL without a port takes its scheme's port (80 or 443),
 * and an empty value means {@code 127.0.0.1}. Unlike Ollama, which silently falls back to the
 * default port, a malformed port is rejected with a message naming the value: a panel setting
 * that is wrong should say so.
 */
public final class OllamaHosts {
  /** Ollama's own port. */
  public static final int DEFAULT_PORT = 11434;

  private OllamaHosts() {}

  /**
   * One address, e.g. {@code parse("gpu-box", 11434)} is {@code http://gpu-box:11434}.
   *
   * @throws IllegalArgumentException naming the value when it cannot be an address
   */
  public static URI parse(String value, int defaultPort) {
    String s = value == null ? "" : value.strip();
    String scheme = "http";
    String rest = s;
    int portIfMissing = defaultPort;
    int sep = s.indexOf("://");
    if (sep >= 0) {
      scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
      rest = s.substring(sep + 3);
      if (scheme.equals("http")) {
        portIfMissing = 80;
      } else if (scheme.equals("https")) {
        portIfMissing = 443;
      } else {
        throw invalid(value, "the scheme must be http or https");
      }
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    String host;
    int port;
    int colon = rest.lastIndexOf(':');
    boolean bracketed = rest.startsWith("[");
    boolean hasPort = bracketed ? rest.contains("]:") : colon >= 0 && rest.indexOf(':') == colon;
    if (hasPort) {
      host = rest.substring(0, colon);
      port = parsePort(value, rest.substring(colon + 1));
    } else {
      host = rest;
      port = portIfMissing;
    }
    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    String authorityHost = host.contains(":") ? "[" + host + "]" : host;
    try {
      URI uri = new URI(scheme + "://" + authorityHost + ":" + port + stripTrailingSlash(path));
      if (uri.getHost() == null) {
        throw invalid(value, "'" + host + "' is not a host name");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid(value, e.getMessage());
    }
  }

  /**
   * A comma- or whitespace-separated list of addresses, for several hosts in one setting. An empty
   * list means the local default, as {@code OLLAMA_HOST} does.
   */
  public static List<URI> parseList(String value, int defaultPort) {
    List<URI> hosts = new ArrayList<>();
    for (String part : (value == null ? "" : value).split("[,\\s]+")) {
      if (!part.isBlank()) {
        hosts.add(parse(part, defaultPort));
      }
    }
    if (hosts.isEmpty()) {
      hosts.add(parse("", defaultPort));
    }
    return List.copyOf(hosts);
  }

  /**
   * The default port from an {@code OLLAMA_PORT} value: blank means 11434.
   *
   * @throws IllegalArgumentException naming the value when it is not a port
   */
  public static int defaultPort(String ollamaPort) {
    if (ollamaPort == null || ollamaPort.isBlank()) {
      return DEFAULT_PORT;
    }
    return parsePort("OLLAMA_PORT=" + ollamaPort, ollamaPort.strip());
  }

  private static int parsePort(String value, String port) {
    try {
      int n = Integer.parseInt(port);
      if (n >= 1 && n <= 65535) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below, with the whole value
    }
    throw invalid(value, "'" + port + "' is not a port between 1 and 65535");
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException("Invalid Ollama host '" + value + "': " + why);
  }
}
