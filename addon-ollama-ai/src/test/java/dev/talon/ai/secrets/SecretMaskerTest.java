package dev.talon.ai.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Acceptance 3 of issue 8: secrets in config files are masked; everything else is left alone. */
class SecretMaskerTest {

    private final SecretMasker masker = new SecretMasker();

    private void assertMasked(String input, String... secrets) {
        String out = masker.mask(input);
        for (String s : secrets) {
            assertFalse(out.contains(s), "\"" + s + "\" leaked in:\n" + out);
        }
        assertTrue(out.contains(SecretMasker.MASK), out);
    }

    @Test
    void server_properties_rcon_password_is_masked_and_other_settings_are_kept() {
        String in = "enable-rcon=true\nrcon.password=Hunter2Rcon!\nrcon.port=25575\nserver-port=25565\nmotd=A Minecraft Server\n";
        String out = masker.mask(in);
        assertEquals("enable-rcon=true\nrcon.password=****\nrcon.port=25575\nserver-port=25565\nmotd=A Minecraft Server\n", out);
    }

    @Test
    void properties_and_env_files_mask_passwords_tokens_and_keys_including_quoted_and_exported_values() {
        assertMasked("db.password = s3cr3t-pw\nDISCORD_TOKEN=\"abc.def.ghi-123\"\nexport API_KEY='k-998877'\nSTRIPE_SECRET_KEY=sk_live_zzz\n",
                "s3cr3t-pw", "abc.def.ghi-123", "k-998877", "sk_live_zzz");
        assertEquals("DEBUG=false\nPORT=8080\n", masker.mask("DEBUG=false\nPORT=8080\n"));
    }

    @Test
    void yaml_plugin_configs_mask_nested_secret_keys_and_keep_their_names() {
        String in = """
                database:
                  host: db.example.test
                  username: luckperms
                  password: "yaml-db-pass"
                discord:
                  bot-token: MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs
                  webhook_url: https://discord.example/api/webhooks/1/abcdef
                """;
        String out = masker.mask(in);
        assertFalse(out.contains("yaml-db-pass") || out.contains("ZnCjm1XVW7vRze4b7Cq4se7kKWs") || out.contains("abcdef"), out);
        assertTrue(out.contains("password: \"****\"") && out.contains("bot-token: ****") && out.contains("host: db.example.test"), out);
    }

    @Test
    void json_members_with_secret_names_are_masked_even_with_escaped_quotes() {
        String out = masker.mask("{\"user\":\"admin\",\"password\":\"pa\\\"ss\",\"apiKey\": \"AKIA-like-but-not\", \"port\": 3306}");
        assertEquals("{\"user\":\"admin\",\"password\":\"****\",\"apiKey\": \"****\", \"port\": 3306}", out);
    }

    @Test
    void jdbc_urls_lose_their_credentials_in_user_info_and_in_parameters() {
        assertMasked("url: jdbc:mysql://root:rootpw@db:3306/mc\n", "rootpw");
        assertMasked("jdbc:postgresql://db/mc?user=mc&password=pgpass&ssl=true", "pgpass");
        assertMasked("jdbc:sqlserver://db;user=sa;password=MsPass1;encrypt=true", "MsPass1");
        assertTrue(masker.mask("jdbc:mysql://root:rootpw@db:3306/mc").contains("jdbc:mysql://root:****@db:3306/mc"));
    }

    @Test
    void bearer_tokens_in_headers_and_logs_are_masked() {
        assertMasked("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlLXZhbHVl", "eyJhbGci", "c2lnbmF0dXJl");
        assertMasked("curl -H 'Authorization: Bearer tlk_1234567890abcdef'", "tlk_1234567890abcdef");
    }

    @Test
    void private_key_blocks_are_masked_whole() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\nabcdEFGH5678\n-----END RSA PRIVATE KEY-----";
        String out = masker.mask("key:\n" + pem + "\nafter");
        assertEquals("key:\n-----BEGIN RSA PRIVATE KEY-----\n****\n-----END RSA PRIVATE KEY-----\nafter", out);
    }

    @Test
    void well_known_token_shapes_are_masked_wherever_they_appear() {
        assertMasked("pushed with ghp_abcdefghijklmnopqrstuvwxyz0123456789 today", "ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        assertMasked("aws AKIAIOSFODNN7EXAMPLE in a log line", "AKIAIOSFODNN7EXAMPLE");
        assertMasked("slack xoxb-1234567890-abcdefghij", "xoxb-1234567890-abcdefghij");
    }

    @Test
    void text_without_secrets_is_unchanged_and_null_stays_null() {
        String log = "[12:00:01] [Server thread/INFO]: Done (3.2s)! For help, type \"help\"\nview-distance=10\n";
        assertEquals(log, masker.mask(log));
        assertNull(masker.mask(null));
    }
}
