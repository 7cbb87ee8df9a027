package dev.talon.core.addons;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live set of contributions: the core's plus those of every started add-on.
 *
 * <p>Readers (every request, every render) see an immutable snapshot without locking; the add-on
 * manager replaces an add-on's entry atomically when it starts or stops it. Change listeners
 * (scheduler, event bus) are called on the thread that made the change, after the swap.
 */
public final class ContributionRegistry {

    private volatile Map<String, Contributions> bySource = Map.of();
    private final List<Consumer<ContributionRegistry>> changeListeners = new CopyOnWriteArrayList<>();

    public synchronized void put(Contributions contributions) {
        var next = new LinkedHashMap<>(bySource);
        next.put(contributions.source(), contributions);
        bySource = Map.copyOf(next);
        changeListeners.forEach(l -> l.accept(this));
    }

    public synchronized void remove(String source) {
        if (!bySource.containsKey(source)) {
            return;
        }
        var next = new LinkedHashMap<>(bySource);
        next.remove(source);
        bySource = Map.copyOf(next);
        changeListeners.forEach(l -> l.accept(this));
    }

    public Collection<Contributions> all() {
        var sorted = new ArrayList<>(bySource.values());
        sorted.sort((a, b) -> a.source().equals("core") ? -1 : b.source().equals("core") ? 1 : a.source().compareTo(b.source()));
        return sorted;
    }

    public java.util.Optional<Contributions> of(String source) {
        return java.util.Optional.ofNullable(bySource.get(source));
    }

    public void onChange(Consumer<ContributionRegistry> listener) {
        changeListeners.add(listener);
    }
}
