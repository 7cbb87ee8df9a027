package dev.talon.ai.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Tool arguments checked like form input: types, lengths, ranges and allowed values. Models send
 * numbers as strings now and then, so a digit string counts as an integer.
 */
final class Arguments {

    private Arguments() {}

    static String text(JsonNode args, String name, int maxLength) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull() || !(v.isTextual() || v.isNumber())) {
            throw new InvalidArgument("\"" + name + "\" is required and must be a string");
        }
        String text = v.asText().strip();
        if (text.isEmpty() || text.length() > maxLength) {
            throw new InvalidArgument("\"" + name + "\" must be 1 to " + maxLength + " characters");
        }
        return text;
    }

    /** An integer in {@code [min, max]}; {@code fallback} when absent, unless it is -1 (required). */
    static int integer(JsonNode args, String name, int min, int max, int fallback) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            if (fallback == -1) {
                throw new InvalidArgument("\"" + name + "\" is required");
            }
            return fallback;
        }
        long value;
        if (v.isIntegralNumber()) {
            value = v.asLong();
        } else if (v.isTextual() && v.asText().strip().matches("\\d{1,10}")) {
            value = Long.parseLong(v.asText().strip());
        } else {
            throw new InvalidArgument("\"" + name + "\" must be a whole number");
        }
        if (value < min || value > max) {
            throw new InvalidArgument("\"" + name + "\" must be between " + min + " and " + max);
        }
        return (int) value;
    }

    static String oneOf(JsonNode args, String name, List<String> allowed) {
        String value = text(args, name, 40).toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new InvalidArgument("\"" + name + "\" must be one of " + String.join(", ", allowed));
        }
        return value;
    }
}
