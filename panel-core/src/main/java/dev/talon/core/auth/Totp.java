package dev.talon.core.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords (30 s steps, 6 digits, HMAC-SHA1: what every
 * authenticator app speaks). Codes from one step before and after are accepted for clock drift.
 */
public final class Totp {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
    private final Tokens tokens;
    private final Clock clock;

    public Totp(Tokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A new Base32 secret (160 bits). */
    public String newSecret() {
        return base32(tokens.randomBytes(20));
    }

    /** The {@code otpauth://} URI authenticator apps import (shown as a QR code). */
    public String uri(String issuer, String account, String secret) {
        String label = URLEncoder.encode(issuer + ":" + account, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer="
                + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public boolean verify(String secret, String code) {
        if (secret == null || code == null) {
            return false;
        }
        String digits = code.replace(" ", "").trim();
        if (!digits.matches("\\d{6}")) {
            return false;
        }
        var key = new SecretKeySpec(base32Decode(secret), "HmacSHA1");
        Instant now = clock.instant();
        try {
            for (int step = -1; step <= 1; step++) {
                int expected = generator.generateOneTimePassword(key, now.plus(Duration.ofSeconds(30L * step)));
                if (Tokens.same(String.format(Locale.ROOT, "%06d", expected), digits)) {
                    return true;
                }
            }
        } catch (InvalidKeyException e) {
            return false;
        }
        return false;
    }

    /** The current code, for tests and the CLI. */
    public String currentCode(String secret) {
        try {
            int code = generator.generateOneTimePassword(new SecretKeySpec(base32Decode(secret), "HmacSHA1"), clock.instant());
            return String.format(Locale.ROOT, "%06d", code);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("Invalid secret", e);
        }
    }

    static String base32(byte[] data) {
        var out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] base32Decode(String text) {
        var out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                continue;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
