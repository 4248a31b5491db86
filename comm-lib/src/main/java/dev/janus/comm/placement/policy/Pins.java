package dev.janus.comm.placement.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Administrator constraints on a placement, per (layer, logical expert): a pinned set of MoE
 * instances (the expert's replicas are exactly on these instances, one each), and/or a requested
 * replica count (exactly that many replicas, on instances the policy chooses). Both together
 * must agree. Immutable; {@code with…} return a new value.
 *
 * <p>Here only a negative layer or expert (IllegalArgumentException) and a requested count below
 * 1 are refused; whether the pins fit a cluster is checked when a policy plans. Infeasible pins
 * throw {@link PlacementConstraintException} naming the layer, expert and instance.
 */
public final class Pins {

    /** No constraints. */
    public static final Pins NONE = new Pins(new TreeMap<>());

    /**
     * One (layer, expert) constraint.
     *
     * @param instances pinned instances in the order given, empty if not pinned
     * @param replicas  requested replica count, 0 if not requested
     */
    public record Pin(int layer, int expert, List<Integer> instances, int replicas) {

        public Pin {
            instances = List.copyOf(instances);
        }

        public boolean pinned() {
            return !instances.isEmpty();
        }
    }

    private final NavigableMap<Long, Pin> pins; // key: layer << 32 | expert, so sorted by (layer, expert)

    private Pins(NavigableMap<Long, Pin> pins) {
        this.pins = pins;
    }

    /** Pins the replicas of {@code expert} in {@code layer} to exactly these instances. */
    public Pins withInstances(int layer, int expert, int... instances) {
        if (instances.length == 0) {
            throw new IllegalArgumentException("layer " + layer + ", expert " + expert
                    + ": a pin needs at least one instance");
        }
        List<Integer> list = new ArrayList<>(instances.length);
        for (int i : instances) {
            list.add(i);
        }
        Pin old = pin(layer, expert);
        return with(new Pin(layer, expert, list, old == null ? 0 : old.replicas()));
    }

    /** Requests exactly {@code replicas} replicas of {@code expert} in {@code layer}. */
    public Pins withReplicas(int layer, int expert, int replicas) {
        if (replicas < 1) {
            throw new PlacementConstraintException("layer " + layer + ", expert " + expert + ": " + replicas
                    + " replicas requested, an expert needs at least 1");
        }
        Pin old = pin(layer, expert);
        return with(new Pin(layer, expert, old == null ? List.of() : old.instances(), replicas));
    }

    /** Drops every constraint on (layer, expert). */
    public Pins without(int layer, int expert) {
        NavigableMap<Long, Pin> copy = new TreeMap<>(pins);
        copy.remove(key(layer, expert));
        return new Pins(copy);
    }

    private Pins with(Pin pin) {
        NavigableMap<Long, Pin> copy = new TreeMap<>(pins);
        copy.put(key(pin.layer(), pin.expert()), pin);
        return new Pins(copy);
    }

    private static long key(int layer, int expert) {
        if (layer < 0 || expert < 0) {
            throw new IllegalArgumentException("pin layer and expert must be >= 0, got layer " + layer
                    + ", expert " + expert);
        }
        return (long) layer << 32 | expert;
    }

    /** The constraint on (layer, expert), or null. */
    public Pin pin(int layer, int expert) {
        return pins.get(key(layer, expert));
    }

    /** Every constraint, by (layer, expert). */
    public List<Pin> pins() {
        return List.copyOf(pins.values());
    }

    /** The constraints of one layer, by expert. */
    public List<Pin> layer(int layer) {
        if (layer < 0) {
            return List.of();
        }
        return List.copyOf(pins.subMap(key(layer, 0), true, key(layer, Integer.MAX_VALUE), true).values());
    }

    public boolean isEmpty() {
        return pins.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pins other && pins.equals(other.pins);
    }

    @Override
    public int hashCode() {
        return pins.hashCode();
    }

    @Override
    public String toString() {
        return "Pins" + Collections.unmodifiableCollection(pins.values());
    }
}
