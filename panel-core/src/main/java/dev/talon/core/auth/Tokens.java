package dev.talon.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens and their hashes. Thread-safe. */
public final class Tokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    /** A URL-safe random token of {@code bytes} random bytes. */
    public String random(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return URL.encodeToString(buffer);
    }

    public byte[] randomBytes(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return buffer;
    }

    /** SHA-256 hex; fine for high-entropy tokens, which can't be guessed from the hash. */
    public static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
