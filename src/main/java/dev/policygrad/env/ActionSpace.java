package dev.policygrad.env;

import java.util.List;

/**
 * The values an action takes. Discrete actions are numbered 0, 1, ... in declaration order and
 * enter the engine as that index; {@link #value(int)} is what the name {@code a} means in a formula
 * (the index for named actions, the integer itself for {@code a in 2..4}). A real action enters as
 * its value; a vector action {@code action a[K] : real} enters as its K values, component k drawn
 * and stored k-th.
 *
 * @param name   the action variable's name ({@code a})
 * @param labels the actions' names ({@code right, left}, or {@code 0, 1, 2}); empty when real
 * @param first  the integer of the first action for ranges, 0 otherwise
 * @param real   whether the action is a real number
 * @param values the integers of an integer set ({@code {-1, 1}}), in the order written; empty
 *               otherwise (then the value of action i is {@code first + i})
 * @param dimension K for a vector action {@code a[K] : real}; 0 for a scalar action (every discrete
 *               action, and {@code a : real})
 */
public record ActionSpace(String name, List<String> labels, int first, boolean real, List<Integer> values,
        int dimension) {

    public ActionSpace {
        labels = List.copyOf(labels);
        values = List.copyOf(values);
        if (dimension < 0 || (dimension > 0 && !real)) {
            throw new IllegalArgumentException("a vector action must be real with a positive length, got " + dimension);
        }
    }

    public ActionSpace(String name, List<String> labels, int first, boolean real, List<Integer> values) {
        this(name, labels, first, real, values, 0);
    }

    public ActionSpace(String name, List<String> labels, int first, boolean real) {
        this(name, labels, first, real, List.of());
    }

    /**
     * {@code action a in {0, 1}}: integer actions in the order written. A set of consecutive
     * increasing integers is the same space as the range it spells.
     */
    public static ActionSpace integers(String name, List<Integer> values) {
        boolean consecutive = true;
        for (int i = 1; i < values.size(); i++) consecutive &= values.get(i) == values.get(0) + i;
        if (consecutive) return range(name, values.get(0), values.get(values.size() - 1));
        List<String> labels = new java.util.ArrayList<>();
        for (int v : values) labels.add(Integer.toString(v));
        return new ActionSpace(name, labels, 0, false, values);
    }

    /** Whether the action variable is the integer from a set that is not a range ({@code {-1, 1}}). */
    public boolean isIntegerSet() {
        return !values.isEmpty();
    }

    public static ActionSpace named(String name, List<String> labels) {
        return new ActionSpace(name, labels, 0, false);
    }

    public static ActionSpace range(String name, int from, int to) {
        List<String> labels = new java.util.ArrayList<>();
        for (int i = from; i <= to; i++) labels.add(Integer.toString(i));
        return new ActionSpace(name, labels, from, false);
    }

    public static ActionSpace realLine(String name) {
        return new ActionSpace(name, List.of(), 0, true);
    }

    /** {@code action a[K] : real}: K real components, K >= 1. */
    public static ActionSpace realVector(String name, int components) {
        if (components < 1) throw new IllegalArgumentException("a vector action needs at least one component");
        return new ActionSpace(name, List.of(), 0, true, List.of(), components);
    }

    /** Whether the action is a vector {@code a[K] : real} (even of one component). */
    public boolean isVector() {
        return dimension > 0;
    }

    /** The number of doubles one action takes: K for {@code a[K] : real}, 1 otherwise. */
    public int size() {
        return Math.max(1, dimension);
    }

    public boolean isDiscrete() {
        return !real;
    }

    /** The number of discrete actions. */
    public int count() {
        return labels.size();
    }

    /** The index of the action labelled {@code label}, or -1. */
    public int indexOf(String label) {
        return labels.indexOf(label);
    }

    public String label(int index) {
        return labels.get(index);
    }

    /** What the action variable means in formulas for the action at {@code index}. */
    public double value(int index) {
        return values.isEmpty() ? first + index : values.get(index);
    }

    /** {@code {right, left}}, {@code 0..2} or {@code real}, as in messages. */
    public String describe() {
        if (real) return dimension > 0 ? "real[" + dimension + "]" : "real";
        if (!values.isEmpty()) return "{" + String.join(", ", labels) + "}";
        if (first != 0 || labels.isEmpty() || !labels.get(0).equals("0") || !isRange()) {
            return isRange() ? first + ".." + (first + count() - 1) : "{" + String.join(", ", labels) + "}";
        }
        return first + ".." + (first + count() - 1);
    }

    private boolean isRange() {
        for (int i = 0; i < labels.size(); i++) if (!labels.get(i).equals(Integer.toString(first + i))) return false;
        return !labels.isEmpty();
    }
}
