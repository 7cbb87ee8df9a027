package dev.talon.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A browser-like HTTP client for tests: keeps cookies, does not follow redirects (tests assert
 * them), remembers the CSRF token of the last page it saw.
 */
public final class WebClient {

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    /** A response with its body read. */
    public record Page(int status, String body, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
        }

        public String location() {
            return header("Location");
        }
    }

    private final String baseUrl;
    private final Map<String, Cookie> cookies = new ConcurrentHashMap<>();
    private final OkHttpClient http;
    private volatile String csrf = "";

    WebClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = new OkHttpClient.Builder().followRedirects(false).cookieJar(new CookieJar() {
            @Override
            public void saveFromResponse(HttpUrl url, List<Cookie> list) {
                for (Cookie cookie : list) {
                    if (cookie.expiresAt() < System.currentTimeMillis()) {
                        cookies.remove(cookie.name());
                    } else {
                        cookies.put(cookie.name(), cookie);
                    }
                }
            }

            @Override
            public List<Cookie> loadForRequest(HttpUrl url) {
                return new ArrayList<>(cookies.values());
            }
        }).build();
    }

    public String cookie(String name) {
        Cookie cookie = cookies.get(name);
        return cookie == null ? null : cookie.value();
    }

    public Cookie rawCookie(String name) {
        return cookies.get(name);
    }

    public String csrf() {
        return csrf;
    }

    public Page get(String path) {
        return send(new Request.Builder().url(baseUrl + path).get().build());
    }

    public Page get(String path, Map<String, String> headers) {
        var builder = new Request.Builder().url(baseUrl + path).get();
        headers.forEach(builder::header);
        return send(builder.build());
    }

    /** Posts a form with the current CSRF token added as {@code _csrf}. */
    public Page post(String path, Map<String, String> form) {
        var body = new FormBody.Builder();
        body.add("_csrf", csrf);
        form.forEach(body::add);
        return send(new Request.Builder().url(baseUrl + path).post(body.build()).build());
    }

    /** Posts a form exactly as given (no CSRF token added). */
    public Page postRaw(String path, Map<String, String> form) {
        var body = new FormBody.Builder();
        form.forEach(body::add);
        return send(new Request.Builder().url(baseUrl + path).post(body.build()).build());
    }

    public Page send(String method, String path, String json, Map<String, String> headers) {
        RequestBody body = json == null ? (method.equals("GET") ? null : RequestBody.create(new byte[0]))
                : RequestBody.create(json, MediaType.get("application/json"));
        var builder = new Request.Builder().url(baseUrl + path).method(method, body);
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public Page send(Request request) {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            Matcher m = CSRF_META.matcher(body);
            if (m.find() && !m.group(1).isEmpty()) {
                csrf = m.group(1);
            }
            return new Page(response.code(), body, response.headers().toMultimap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in through the login form; fails the test unless it redirects into the panel. */
    public void login(String email, String password) {
        Page form = get("/auth/login");
        if (form.status() != 200) {
            throw new AssertionError("Login page answered " + form.status());
        }
        Page result = post("/auth/login", Map.of("email", email, "password", password, "next", "/"));
        if (result.status() != 302 || result.location() == null || result.location().contains("/auth/")) {
            throw new AssertionError("Login failed: " + result.status() + " " + result.location() + "\n" + result.body());
        }
        get(result.location().replaceFirst("^https?://[^/]+", ""));
    }

    public OkHttpClient http() {
        return http;
    }
}
