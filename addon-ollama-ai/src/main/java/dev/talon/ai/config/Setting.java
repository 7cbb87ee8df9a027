package dev.talon.ai.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key of the add-on: its type, default, bounds and the environment variable
 * that may override it. Parsing is strict; a bad value's message names the key.
 *
 * @param key dotted key as in {@code ai.yml}, e.g. {@code ollama.models.chat}
 * @param type what the value is
 * @param defaultValue the value when nothing sets it
 * @param min lower bound for numbers
 * @param max upper bound for numbers
 * @param envVar the overriding environment variable, or {@code null}
 * @param description one line for AI Settings
 */
public record Setting(String key, Type type, String defaultValue, long min, long max, String envVar, String description) {

    /**
     * What a value is. {@code SECRET} values are never shown back (AI Settings renders an empty
     * password field and keeps the stored value when it is submitted empty).
     */
    public enum Type { BOOLEAN, INTEGER, DURATION_SECONDS, MODEL, HOSTS, MODEL_LIST, URL, HOST, TLS_MODE, TEXT, SECRET, EMAIL, EMAILS }

    /** Plain addresses only ({@code name@domain}); display names and comments are not accepted. */
    private static final String EMAIL_ADDRESS = "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";

    public Setting {
        Objects.requireNonNull(key);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValue);
    }

    /** Parses and normalises a raw value, or throws {@link InvalidSetting} naming this key. */
    public String normalise(String raw) {
        if (raw == null) {
            throw new InvalidSetting(key, "null", "a value is required");
        }
        String value = raw.trim();
        return switch (type) {
            case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> "true";
                case "false", "0", "no", "off" -> "false";
                default -> throw new InvalidSetting(key, raw, "must be true or false");
            };
            case INTEGER -> String.valueOf(bounded(parseLong(value, raw), raw));
            case DURATION_SECONDS -> String.valueOf(bounded(parseSeconds(value, raw), raw));
            case MODEL -> {
                if (!value.matches("[A-Za-z0-9][A-Za-z0-9._/:-]{0,199}")) {
                    throw new InvalidSetting(key, raw, "must be a model name like llama3.1:8b");
                }
                yield value;
            }
            case MODEL_LIST -> {
                if (!value.equals("*") && !value.matches("[A-Za-z0-9][A-Za-z0-9._/:-]{0,199}(\\s*,\\s*[A-Za-z0-9][A-Za-z0-9._/:-]{0,199})*")) {
                    throw new InvalidSetting(key, raw, "must be * or model names like llama3.1:8b separated by commas");
                }
                yield value;
            }
            case URL -> {
                if (!value.isEmpty() && (value.length() > 1000 || !value.matches("(?i)https?://[^\\s]+"))) {
                    throw new InvalidSetting(key, raw, "must be empty (off) or an http(s) URL");
                }
                yield value;
            }
            case HOST -> {
                if (!value.isEmpty() && (value.length() > 253 || !value.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]"))) {
                    throw new InvalidSetting(key, raw, "must be empty (off) or a host name or address such as smtp.example.com");
                }
                yield value;
            }
            case TLS_MODE -> switch (value.toLowerCase(Locale.ROOT)) {
                case "starttls", "tls", "none" -> value.toLowerCase(Locale.ROOT);
                default -> throw new InvalidSetting(key, raw, "must be starttls, tls or none");
            };
            case TEXT, SECRET -> {
                if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
                    throw new InvalidSetting(key, type == Type.SECRET ? "…" : raw, "must be at most 200 characters on one line");
                }
                yield value;
            }
            case EMAIL -> {
                if (!value.isEmpty() && (value.length() > 254 || !value.matches(EMAIL_ADDRESS))) {
                    throw new InvalidSetting(key, raw, "must be empty or one e-mail address such as talon@example.com");
                }
                yield value;
            }
            case EMAILS -> {
                String list = String.join(", ", java.util.Arrays.stream(value.split("[,;\\s]+")).filter(a -> !a.isBlank()).toList());
                if (list.length() > 1000 || java.util.Arrays.stream(list.split(", ")).anyMatch(a -> !a.isEmpty() && !a.matches(EMAIL_ADDRESS))) {
                    throw new InvalidSetting(key, raw, "must be e-mail addresses separated by commas");
                }
                yield list;
            }
            case HOSTS -> {
                if (value.isEmpty() || value.length() > 1000 || !value.matches("[A-Za-z0-9.:/\\[\\]_, -]+")) {
                    throw new InvalidSetting(key, raw, "must be host names, host:port or http(s) URLs, separated by commas");
                }
                yield value;
            }
        };
    }

    private long parseLong(String value, String raw) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSetting(key, raw, "must be a whole number");
        }
    }

    /** Seconds as a number, or Go-style durations like Ollama's: {@code 90s}, {@code 5m}, {@code 1h}. */
    private long parseSeconds(String value, String raw) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidSetting(key, raw, "must be seconds (300) or a duration like 90s, 5m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Math.max(1, n / 1000);
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }

    private long bounded(long n, String raw) {
        if (n < min || n > max) {
            throw new InvalidSetting(key, raw, "must be between " + min + " and " + max);
        }
        return n;
    }

    /** A value that can't be used for a key. */
    public static final class InvalidSetting extends RuntimeException {
        private final String key;

        public InvalidSetting(String key, String value, String problem) {
            super(key + " = \"" + value + "\": " + problem);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
