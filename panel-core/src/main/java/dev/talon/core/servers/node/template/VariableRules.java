package dev.talon.core.servers.node.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A variable's validation rules, written in Laravel's notation as Pterodactyl eggs are:
 * {@code required|integer|between:1,100}, {@code nullable|string|max:64|regex:/^[\w.-]+$/}.
 *
 * <p>Supported: {@code required}, {@code nullable}, {@code string}, {@code integer},
 * {@code numeric}, {@code boolean}, {@code min:n}, {@code max:n}, {@code between:a,b}
 * (value for numbers, length for strings), {@code in:a,b,c}, {@code alpha_num},
 * {@code alpha_dash}, {@code regex:/pattern/}. Because {@code |} may appear inside a
 * pattern, {@code regex:} must be the last rule and takes the rest of the text.
 * Unknown rules are refused when the template is defined, not when a user submits a value.
 *
 * @param source the text as written
 */
public record VariableRules(String source, boolean required, VariableType type, List<Rule> constraints) {

    /** One constraint on a non-empty value. */
    public sealed interface Rule {
        /** A message when {@code value} breaks the rule, else empty. */
        Optional<String> check(String value, VariableType type);
    }

    public record Min(BigDecimal min) implements Rule {
        @Override
        public Optional<String> check(String value, VariableType type) {
            return measure(value, type).compareTo(min) < 0
                    ? Optional.of(isNumeric(type) ? "must be at least " + min : "must be at least " + min + " characters")
                    : Optional.empty();
        }
    }

    public record Max(BigDecimal max) implements Rule {
        @Override
        public Optional<String> check(String value, VariableType type) {
            return measure(value, type).compareTo(max) > 0
                    ? Optional.of(isNumeric(type) ? "must be at most " + max : "must be at most " + max + " characters")
                    : Optional.empty();
        }
    }

    public record In(List<String> allowed) implements Rule {
        @Override
        public Optional<String> check(String value, VariableType type) {
            return allowed.contains(value) ? Optional.empty() : Optional.of("must be one of " + String.join(", ", allowed));
        }
    }

    /** Like PHP's {@code preg_match}: the pattern must be found; anchor it to match the whole value. */
    public record Matches(Pattern pattern, String description) implements Rule {
        @Override
        public Optional<String> check(String value, VariableType type) {
            return pattern.matcher(value).find() ? Optional.empty() : Optional.of(description);
        }
    }

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,18}(\\.\\d{1,18})?");
    private static final Pattern BOOLEAN = Pattern.compile("true|false|1|0");

    public VariableRules {
        constraints = List.copyOf(constraints);
    }

    /** Parses rule text; throws {@link IllegalArgumentException} naming the bad rule. */
    public static VariableRules parse(String source) {
        boolean required = false;
        VariableType type = VariableType.STRING;
        List<Rule> rules = new ArrayList<>();
        String rest = source.strip();
        while (!rest.isEmpty()) {
            String token;
            if (rest.startsWith("regex:")) {
                token = rest;
                rest = "";
            } else {
                int bar = rest.indexOf('|');
                token = bar < 0 ? rest : rest.substring(0, bar);
                rest = bar < 0 ? "" : rest.substring(bar + 1);
            }
            int colon = token.indexOf(':');
            String name = (colon < 0 ? token : token.substring(0, colon)).strip();
            String argument = colon < 0 ? "" : token.substring(colon + 1);
            switch (name) {
                case "required" -> required = true;
                case "nullable", "string", "sometimes" -> { }
                case "integer" -> type = VariableType.INTEGER;
                case "numeric" -> type = VariableType.NUMBER;
                case "boolean" -> type = VariableType.BOOLEAN;
                case "min" -> rules.add(new Min(number(source, argument)));
                case "max" -> rules.add(new Max(number(source, argument)));
                case "between" -> {
                    String[] bounds = argument.split(",", -1);
                    if (bounds.length != 2) {
                        throw new IllegalArgumentException("rule 'between' needs two bounds in '" + source + "'");
                    }
                    rules.add(new Min(number(source, bounds[0])));
                    rules.add(new Max(number(source, bounds[1])));
                }
                case "in" -> rules.add(new In(List.of(argument.split(",", -1))));
                case "alpha_num" -> rules.add(new Matches(Pattern.compile("^[\\p{L}\\p{N}]*$"), "may only contain letters and numbers"));
                case "alpha_dash" -> rules.add(new Matches(Pattern.compile("^[\\p{L}\\p{N}_-]*$"),
                        "may only contain letters, numbers, dashes and underscores"));
                case "regex" -> rules.add(new Matches(regex(source, argument), "has an invalid format"));
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown rule '" + name + "' in '" + source + "'");
            }
        }
        return new VariableRules(source, required, type, rules);
    }

    /** All problems with {@code value} (null or blank counts as empty); empty when valid. */
    public List<String> check(String value) {
        if (value == null || value.isBlank()) {
            return required ? List.of("is required") : List.of();
        }
        Pattern shape = switch (type) {
            case INTEGER -> INTEGER;
            case NUMBER -> NUMBER;
            case BOOLEAN -> BOOLEAN;
            case STRING -> null;
        };
        if (shape != null && !shape.matcher(value).matches()) {
            return List.of("must be " + switch (type) {
                case INTEGER -> "an integer";
                case NUMBER -> "a number";
                default -> "true or false";
            });
        }
        List<String> problems = new ArrayList<>();
        for (Rule rule : constraints) {
            rule.check(value, type).ifPresent(problems::add);
        }
        return problems;
    }

    @Override
    public String toString() {
        return source;
    }

    private static boolean isNumeric(VariableType type) {
        return type == VariableType.INTEGER || type == VariableType.NUMBER;
    }

    private static BigDecimal measure(String value, VariableType type) {
        return isNumeric(type) ? new BigDecimal(value) : BigDecimal.valueOf(value.codePointCount(0, value.length()));
    }

    private static BigDecimal number(String source, String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number in '" + source + "'", e);
        }
    }

    private static Pattern regex(String source, String text) {
        // Laravel writes patterns between delimiters: /.../ (flags after the closing one are not supported)
        if (text.length() < 2 || text.charAt(0) != '/' || text.charAt(text.length() - 1) != '/') {
            throw new IllegalArgumentException("regex must be written as /pattern/ in '" + source + "'");
        }
        try {
            return Pattern.compile(text.substring(1, text.length() - 1));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regex in '" + source + "': " + e.getDescription(), e);
        }
    }
}
