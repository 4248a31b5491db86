package dev.janus.model.structured;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic automaton over bytes as a flat table, trimmed to live states (states from
 * which an accepting state can be reached): a walk that leaves the table (-1) can never be
 * completed, so a token leading there is not allowed. Immutable.
 */
final class ByteDfa {

    static final int DEAD = -1;

    private final int[] next;        // [state * 256 + byte] -> state or DEAD
    private final boolean[] accept;  // [state]
    private final boolean[] canGrow; // [state] some byte leads to a live state
    private final int start;

    private ByteDfa(int[] next, boolean[] accept, boolean[] canGrow, int start) {
        this.next = next;
        this.accept = accept;
        this.canGrow = canGrow;
        this.start = start;
    }

    /** From a dk.brics automaton whose characters are bytes (0..255). */
    static ByteDfa of(Automaton automaton) {
        Automaton a = automaton.clone();
        a.determinize();
        List<State> states = new ArrayList<>(a.getStates());
        Map<State, Integer> index = new HashMap<>();
        for (State s : states) {
            index.put(s, index.size());
        }
        int n = states.size();
        int[] next = new int[n * 256];
        Arrays.fill(next, DEAD);
        boolean[] accept = new boolean[n];
        List<List<Integer>> reverse = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reverse.add(new ArrayList<>());
        }
        for (State s : states) {
            int from = index.get(s);
            accept[from] = s.isAccept();
            for (Transition t : s.getTransitions()) {
                int to = index.get(t.getDest());
                for (int c = t.getMin(); c <= Math.min(t.getMax(), 255); c++) {
                    next[from * 256 + c] = to;
                }
                reverse.get(to).add(from);
            }
        }
        boolean[] live = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (accept[i]) {
                live[i] = true;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            for (int from : reverse.get(queue.poll())) {
                if (!live[from]) {
                    live[from] = true;
                    queue.add(from);
                }
            }
        }
        boolean[] canGrow = new boolean[n];
        for (int i = 0; i < next.length; i++) {
            if (next[i] != DEAD && !live[next[i]]) {
                next[i] = DEAD;
            }
            if (next[i] != DEAD) {
                canGrow[i / 256] = true;
            }
        }
        int start = index.get(a.getInitialState());
        if (!live[start]) {
            throw new JsonSchemaException("the language is empty");
        }
        return new ByteDfa(next, accept, canGrow, start);
    }

    int start() {
        return start;
    }

    int states() {
        return accept.length;
    }

    int next(int state, int unsignedByte) {
        return next[state * 256 + unsignedByte];
    }

    /** The state after all of {@code bytes}, or DEAD. */
    int walk(int state, byte[] bytes) {
        for (int i = 0; i < bytes.length && state != DEAD; i++) {
            state = next[state * 256 + (bytes[i] & 0xFF)];
        }
        return state;
    }

    boolean accepts(int state) {
        return accept[state];
    }

    /** True when the text so far is complete and nothing may follow it. */
    boolean complete(int state) {
        return accept[state] && !canGrow[state];
    }
}
