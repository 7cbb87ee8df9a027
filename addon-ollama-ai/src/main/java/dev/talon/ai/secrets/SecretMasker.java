package dev.talon.ai.secrets;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks passwords, tokens and keys in file contents and logs before they leave the panel (to a
 * model, a report or a browser). Works on text, whatever the format: {@code key=value} and
 * {@code key: value} lines (.properties, server.properties, .env, YAML), JSON members, credentials
 * in URLs (JDBC and others), {@code Authorization: Bearer …} headers, PEM private-key blocks and
 * well-known token shapes (GitHub, Slack, AWS access keys, JWTs, Discord bot tokens).
 * The key name is kept so a reviewer still sees which setting it is; the value becomes {@value #MASK}.
 *
 * <p>Errs on the side of masking: a value is masked when its key merely contains a secret-ish word.
 * Stateless and thread-safe.
 */
public final class SecretMasker {

    public static final String MASK = "****";

    private static final String SECRET_KEY = "(?:[\\w.\\-]*?(?:password|passwd|pwd|pass|secret|token|api[_.\\-]?key|apikey"
            + "|access[_.\\-]?key|private[_.\\-]?key|client[_.\\-]?secret|auth|credential|webhook|salt|signing[_.\\-]?key)[\\w.\\-]*)";

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            // PEM private keys, whole block
            new Rule(Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\\s\\S]*?-----END \\1PRIVATE KEY-----"),
                    "-----BEGIN $1PRIVATE KEY-----\n" + MASK + "\n-----END $1PRIVATE KEY-----"),
            // JSON: "password": "value"
            new Rule(Pattern.compile("(?i)(\"" + SECRET_KEY + "\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")"), "$1" + MASK + "$3"),
            // user:password@ in URLs (jdbc:mysql://user:pw@host, redis://:pw@host, https://u:p@host)
            new Rule(Pattern.compile("(?i)([a-z][a-z0-9+.\\-]*://[^\\s:/@\"']*:)([^\\s@/\"']+)(@)"), "$1" + MASK + "$3"),
            // password=... as a URL or JDBC query parameter (;password=x or ?password=x&)
            new Rule(Pattern.compile("(?i)([?&;](?:password|pwd|pass|token|secret|apikey|api_key|access_token)=)([^&;\\s\"']+)"),
                    "$1" + MASK),
            // Authorization headers
            new Rule(Pattern.compile("(?i)(\\b(?:bearer|basic|token)\\s+)([A-Za-z0-9\\-._~+/]{8,}=*)"), "$1" + MASK),
            // key = value / key: value lines (.properties, .env with optional export, YAML), quoted or not
            new Rule(Pattern.compile("(?im)^(\\s*(?:export\\s+)?(?:-\\s+)?[\"']?" + SECRET_KEY + "[\"']?\\s*[=:]\\s*)([\"']?)([^\\r\\n\"'#]*[^\\s\"'#])(\\2)"),
                    "$1$2" + MASK + "$4"),
            // well-known token shapes anywhere
            new Rule(Pattern.compile("\\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}\\b"), MASK),
            new Rule(Pattern.compile("\\bxox[abprs]-[A-Za-z0-9\\-]{10,}\\b"), MASK),
            new Rule(Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), MASK),
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\b"), MASK),
            new Rule(Pattern.compile("\\b[MN][A-Za-z\\d]{23,25}\\.[\\w\\-]{6}\\.[\\w\\-]{27,38}\\b"), MASK),
            new Rule(Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{20,}\\b"), MASK));

    /** {@code text} with every recognised secret replaced by {@value #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(out);
            out = m.replaceAll(rule.replacement());
        }
        return out;
    }
}
