package dev.talon.core.servers.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived console tokens, as Pterodactyl's panel issues for Wings: an HS256 JWT with
 * {@code server_uuid}, {@code user_id}, {@code permissions}, {@code iat}, {@code exp} and a
 * {@code jti}. The key is random per panel run, so tokens issued before a restart are refused
 * (Wings refuses tokens issued before it booted). Thread-safe.
 */
public final class SocketTokens {

    /** Pterodactyl's lifetime. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    /** What a valid token says. */
    public record Claims(UUID server, long userId, Set<String> permissions, long expiresAt) {}

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key = new byte[32];
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration lifetime;

    public SocketTokens(ObjectMapper json, Clock clock, Duration lifetime) {
        new SecureRandom().nextBytes(key);
        this.json = json;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public String issue(UUID server, long userId, Set<String> permissions) {
        long now = clock.millis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "talon");
        claims.put("server_uuid", server.toString());
        claims.put("user_id", userId);
        claims.put("permissions", List.copyOf(permissions));
        claims.put("iat", now);
        claims.put("nbf", now - 300);
        claims.put("exp", now + lifetime.toSeconds());
        claims.put("jti", UUID.randomUUID().toString().replace("-", ""));
        try {
            String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = B64.encodeToString(json.writeValueAsBytes(claims));
            return header + "." + payload + "." + B64.encodeToString(sign(header + "." + payload));
        } catch (Exception e) {
            throw new IllegalStateException("could not issue a console token", e);
        }
    }

    /** The claims of a well-signed, unexpired token; empty otherwise. */
    public Optional<Claims> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = json.readTree(B64D.decode(parts[1]));
            long exp = claims.path("exp").asLong();
            if (exp * 1000 <= clock.millis()) {
                return Optional.empty();
            }
            List<String> permissions = new ArrayList<>();
            claims.path("permissions").forEach(p -> permissions.add(p.asText()));
            return Optional.of(new Claims(UUID.fromString(claims.path("server_uuid").asText()), claims.path("user_id").asLong(),
                    Set.copyOf(permissions), exp * 1000));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String content) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    }
}
