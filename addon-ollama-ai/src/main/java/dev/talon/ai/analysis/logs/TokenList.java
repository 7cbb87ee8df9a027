package dev.talon.ai.analysis.logs;

import java.util.ArrayList;
import java.util.List;

/** Builds an event's masked tokens as strings; used only for shapes the miner has not seen before. */
final class TokenList implements Masker.Sink {

    final List<String> out = new ArrayList<>();
    private final StringBuilder token = new StringBuilder();

    @Override
    public void literal(char[] s, int from, int to) {
        token.append(s, from, to - from);
    }

    @Override
    public void mask(String mask) {
        token.append(mask);
    }

    @Override
    public void endToken() {
        out.add(token.toString());
        token.setLength(0);
    }
}
