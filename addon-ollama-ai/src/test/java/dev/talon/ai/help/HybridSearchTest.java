package dev.talon.ai.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.fake.FakeOllama;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BM25 always; vectors from the embedding model when Ollama has it; BM25 alone when it does not. */
class HybridSearchTest {

    private static final List<HelpDocument> DOCS = List.of(
            HelpDocument.of("eula", "# EULA\n## Agreeing\nSet eula=true in eula.txt to accept the EULA.", true),
            HelpDocument.of("ports", "# Ports\n## Bind errors\nAddress already in use means another process has the port.", true));

    @Test
    void with_the_embedding_model_installed_passages_are_embedded_and_searches_fuse_both_rankings() {
        try (FakeOllama ollama = FakeOllama.start().withModel("nomic-embed-text");
             OllamaClient client = HelpCentreFixture.client(ollama.uri())) {
            var help = new HelpCentre(() -> client, () -> "nomic-embed-text", new Chunker(120, 30), System::nanoTime, task -> {});
            help.index(DOCS);
            help.embedAll();
            assertTrue(help.vectorsReady());
            HelpCentre.Search s = help.search("port already in use", 3);
            assertEquals(HelpCentre.Mode.HYBRID, s.mode());
            assertEquals("ports", s.articles().getFirst().document().slug());
            var embeds = ollama.requests("/api/embed");
            assertTrue(embeds.getFirst().path("input").get(0).asText().startsWith("search_document: "), embeds.toString());
            assertEquals("search_query: port already in use", embeds.getLast().path("input").get(0).asText());
        }
    }

    @Test
    void without_the_embedding_model_the_search_answers_from_bm25_alone() {
        try (FakeOllama ollama = FakeOllama.start(); OllamaClient client = HelpCentreFixture.client(ollama.uri())) {
            var help = new HelpCentre(() -> client, () -> "nomic-embed-text", new Chunker(120, 30), System::nanoTime, task -> {});
            help.index(DOCS);
            help.embedAll();
            assertEquals(HelpCentre.Mode.BM25, help.search("accept the eula", 3).mode());
            assertEquals("eula", help.search("accept the eula", 3).articles().getFirst().document().slug());
        }
    }

    @Test
    void with_ollama_unreachable_the_search_answers_from_bm25_at_once() throws Exception {
        URI dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (OllamaClient client = HelpCentreFixture.client(dead)) {
            var help = new HelpCentre(() -> client, () -> "nomic-embed-text", new Chunker(120, 30), System::nanoTime, task -> {});
            help.index(DOCS);
            help.embedAll();
            help.search("warm up", 3); // class loading and JIT of a first Lucene query are not what this measures
            long start = System.nanoTime();
            HelpCentre.Search s = help.search("another process has the port", 3);
            assertEquals(HelpCentre.Mode.BM25, s.mode());
            assertEquals("ports", s.articles().getFirst().document().slug());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 200, "a BM25 search must not wait for Ollama");
        }
    }

    @Test
    void re_indexing_replaces_the_documents_and_drops_vectors_of_the_old_ones() {
        try (FakeOllama ollama = FakeOllama.start().withModel("nomic-embed-text");
             OllamaClient client = HelpCentreFixture.client(ollama.uri())) {
            var help = new HelpCentre(() -> client, () -> "nomic-embed-text", new Chunker(120, 30), () -> 0L, task -> {});
            help.index(DOCS);
            help.embedAll();
            help.index(List.of(HelpDocument.of("backups", "# Backups\n## Restore\nStop the server and restore the world.", true)));
            assertEquals(List.of("backups"), help.documents().stream().map(HelpDocument::slug).toList());
            assertTrue(help.search("restore world", 3).articles().stream().allMatch(a -> a.document().slug().equals("backups")));
        }
    }

    @Test
    void a_re_index_during_an_embedding_run_gets_its_own_vectors_without_waiting_for_a_retry() throws Exception {
        try (FakeOllama ollama = FakeOllama.start().withModel("nomic-embed-text");
             OllamaClient client = HelpCentreFixture.client(ollama.uri())) {
            // The first run is slow and fails; the documents change while it is under way.
            ollama.enqueue("/api/embed", dev.talon.ai.ollama.fake.Reply.error(400, "slow first run")
                    .withFirstByteDelay(java.time.Duration.ofMillis(500)));
            var help = new HelpCentre(() -> client, () -> "nomic-embed-text", new Chunker(120, 30), () -> 0L,
                    task -> Thread.ofVirtual().start(task));
            help.index(DOCS);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ollama.requestCount("/api/embed") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            help.index(List.of(HelpDocument.of("backups", "# Backups\n## Restore\nStop the server and restore the world.", true)));
            while (!help.vectorsReady() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(help.vectorsReady(), "the new documents were embedded by the running task going round again");
            assertEquals(HelpCentre.Mode.HYBRID, help.search("restore world", 3).mode());
        }
    }
}
