package dev.talon.ai.help;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * BM25 over passages with Lucene, in memory ({@link ByteBuffersDirectory}). Built once from a list
 * of chunks and never changed: re-indexing builds a new instance and swaps it in, so searches never
 * see a half-built index. The article title and the section heading are indexed as their own
 * fields with a boost; the English analyzer stems ("crashes" finds "crash") and drops stop words.
 *
 * <p>Thread-safe: Lucene's searcher is.
 */
public final class Bm25Index implements AutoCloseable {

    /** A passage and its score; {@code rank} 0 is the best. */
    public record Hit(int ordinal, float score) {}

    private static final Map<String, Float> BOOSTS = Map.of("title", 2.0f, "heading", 1.5f, "body", 1.0f);

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    public Bm25Index(List<Chunk> chunks) {
        try {
            var config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (Chunk c : chunks) {
                    Document doc = new Document();
                    doc.add(new StoredField("ordinal", c.ordinal()));
                    doc.add(new TextField("title", c.document().title(), Field.Store.NO));
                    doc.add(new TextField("heading", c.heading(), Field.Store.NO));
                    doc.add(new TextField("body", c.text(), Field.Store.NO));
                    writer.addDocument(doc);
                }
            }
            reader = DirectoryReader.open(directory);
            searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not build the help index in memory", e);
        }
    }

    /** The best {@code k} passages for free text (any query syntax is taken literally). */
    public List<Hit> search(String text, int k) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            var parser = new MultiFieldQueryParser(BOOSTS.keySet().toArray(String[]::new), analyzer, BOOSTS);
            parser.setDefaultOperator(QueryParser.Operator.OR);
            Query query = parser.parse(QueryParser.escape(text.strip()));
            List<Hit> hits = new ArrayList<>();
            var stored = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(query, k).scoreDocs) {
                hits.add(new Hit(stored.document(sd.doc).getField("ordinal").numericValue().intValue(), sd.score));
            }
            return hits;
        } catch (ParseException e) {
            return List.of(); // only stop words, or nothing searchable left
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
