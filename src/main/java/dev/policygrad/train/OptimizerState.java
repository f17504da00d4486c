package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state as data, for checkpoints.
 *
 * @param kind     {@code sgd} or {@code adam}
 * @param settings its constants by name ({@code learning_rate}, {@code beta1}, ...)
 * @param steps    the steps taken so far
 * @param vectors  its per-parameter vectors by name (Adam's {@code first_moment}, {@code second_moment});
 *                 empty before the first step and for SGD
 */
public record OptimizerState(String kind, Map<String, Double> settings, long steps, Map<String, double[]> vectors) {

    public OptimizerState {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        Map<String, double[]> copy = new LinkedHashMap<>();
        vectors.forEach((name, values) -> copy.put(name, values.clone()));
        vectors = Collections.unmodifiableMap(copy);
    }

    /** The constant called {@code name}, or a UsageError naming what is missing. */
    public double setting(String name) {
        Double value = settings.get(name);
        if (value == null) throw new UsageError("the " + kind + " state has no '" + name + "'");
        return value;
    }

    /** A copy of the vector called {@code name}, or null when there is none. */
    public double[] vector(String name) {
        double[] values = vectors.get(name);
        return values == null ? null : values.clone();
    }
}
