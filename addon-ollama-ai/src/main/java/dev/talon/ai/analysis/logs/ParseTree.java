package dev.talon.ai.analysis.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain's fixed-depth parse tree: token count → first token → templates. An event joins the most
 * similar template of its leaf above the similarity threshold, else the most similar template of
 * the same length above the (stricter) cross-prefix threshold, else starts a new one. Past
 * {@code maxClusters} templates, new shapes count under one overflow template. Not thread-safe.
 */
final class ParseTree {

    private static final int MAX_SCAN = 1_000;

    private final TemplateMiner.Settings settings;
    private final Map<Integer, Map<String, List<Cluster>>> tree = new HashMap<>();
    private final Map<Integer, List<Cluster>> byLength = new HashMap<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private Cluster overflow;

    ParseTree(TemplateMiner.Settings settings) {
        this.settings = settings;
    }

    /** All templates in order of creation. */
    List<Cluster> clusters() {
        return clusters;
    }

    /** The overflow template, once the limit was reached; else null. */
    Cluster overflow() {
        return overflow;
    }

    /** Adds a known template as is (seeding); false when the tree is full. */
    boolean add(Cluster c) {
        if (clusters.size() >= settings.maxClusters()) {
            return false;
        }
        String[] tokens = c.tokens;
        clusters.add(c);
        String key = tokens.length == 0 ? "" : prefixKey(tokens[0]);
        tree.computeIfAbsent(tokens.length, k -> new HashMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        byLength.computeIfAbsent(tokens.length, k -> new ArrayList<>()).add(c);
        return true;
    }

    String nextId() {
        return "T" + (clusters.size() + 1);
    }

    /** The template {@code tokens} belong to, generalized by them, or a new one. */
    Cluster place(String[] tokens) {
        int length = tokens.length;
        String key = length == 0 ? "" : prefixKey(tokens[0]);
        Map<String, List<Cluster>> children = tree.computeIfAbsent(length, k -> new HashMap<>());
        if (!children.containsKey(key) && children.size() >= settings.maxChildren()) {
            key = Masker.WILDCARD;
        }
        List<Cluster> leaf = children.computeIfAbsent(key, k -> new ArrayList<>());
        Cluster best = best(leaf, tokens, settings.similarity());
        if (best == null) {
            List<Cluster> sameLength = byLength.computeIfAbsent(length, k -> new ArrayList<>());
            best = best(sameLength, tokens, settings.crossPrefixSimilarity());
            if (best != null) {
                leaf.add(best);
            }
        }
        if (best != null) {
            best.generalize(tokens);
            return best;
        }
        if (clusters.size() >= settings.maxClusters()) {
            if (overflow == null) {
                overflow = new Cluster("T0", new String[] {"<other templates past the limit of " + settings.maxClusters() + ">"});
            }
            return overflow;
        }
        Cluster created = new Cluster(nextId(), tokens);
        clusters.add(created);
        leaf.add(created);
        byLength.computeIfAbsent(length, k -> new ArrayList<>()).add(created);
        return created;
    }

    private static Cluster best(List<Cluster> candidates, String[] tokens, double threshold) {
        Cluster best = null;
        double bestSim = -1;
        int scanned = 0;
        for (int i = candidates.size() - 1; i >= 0 && scanned < MAX_SCAN; i--, scanned++) {
            Cluster c = candidates.get(i);
            if (c.tokens.length != tokens.length) {
                continue;
            }
            double sim = c.similarity(tokens);
            if (sim > bestSim) {
                bestSim = sim;
                best = c;
            }
        }
        return bestSim >= threshold ? best : null;
    }

    /** The branch of a first token; tokens with masks or digits share the {@code <*>} branch. */
    private static String prefixKey(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '<' || (c >= '0' && c <= '9')) {
                return Masker.WILDCARD;
            }
        }
        return token;
    }
}
