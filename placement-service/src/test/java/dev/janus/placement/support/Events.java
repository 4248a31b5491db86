package dev.janus.placement.support;

import java.util.ArrayList;
import java.util.List;

/** What the stub services were asked, in order, shared by all stubs of a cluster ("prepare e0 v2", "commit a1 v2", ...). */
public final class Events {

    private final List<String> events = new ArrayList<>();

    synchronized void add(String event) {
        events.add(event);
    }

    public synchronized List<String> all() {
        return List.copyOf(events);
    }

    /** Events starting with {@code prefix}. */
    public synchronized List<String> of(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    public synchronized void clear() {
        events.clear();
    }
}
