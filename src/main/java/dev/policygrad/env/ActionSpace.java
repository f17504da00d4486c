package dev.policygrad.env;

import java.util.List;

/**
 * The values an action takes. Discrete actions are numbered 0, 1, ... in declaration order and
 * enter the engine as that index; {@link #value(int)} is what the name {@code a} means in a formula
 * (the index for named actions, the integer itself for {@code a in 2..4}). A real action enters as
 * its value.
 *
 * @param name   the action variable's name ({@code a})
 * @param labels the actions' names ({@code right, left}, or {@code 0, 1, 2}); empty when real
 * @param first  the integer of the first action for ranges, 0 otherwise
 * @param real   whether the action is a real number
 */
public record ActionSpace(String name, List<String> labels, int first, boolean real) {

    public ActionSpace {
        labels = List.copyOf(labels);
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
        return first + index;
    }

    /** {@code {right, left}}, {@code 0..2} or {@code real}, as in messages. */
    public String describe() {
        if (real) return "real";
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
