package dev.policygrad.stats;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sufficient statistics of a batch of episodes: any number of named per-episode vectors, each
 * summarized by its {@link Moments} (for example an estimator's per-episode gradient, the return
 * G(tau), or the paired difference of two estimators on the same episodes), and named integer counters
 * (environment steps, episodes cut at a cap). Every vector is observed once per episode, so all
 * share the episode count. Two statistics merge vector by vector and counter by counter.
 */
public final class EpisodeStatistics implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Moments> vectors = new LinkedHashMap<>();
    /** Each counter in a one-element array, so that counting once per episode boxes nothing. */
    private final LinkedHashMap<String, long[]> counters = new LinkedHashMap<>();

    /**
     * Declares a vector of {@code dimension} components; {@code full} keeps its covariance, otherwise
     * only the variances. Returns this.
     */
    public EpisodeStatistics vector(String name, int dimension, boolean full) {
        if (vectors.containsKey(name)) throw new IllegalArgumentException("vector " + name + " declared twice");
        vectors.put(name, new Moments(dimension, full));
        return this;
    }

    /** Declares a vector with moments computed elsewhere. Returns this. */
    public EpisodeStatistics put(String name, Moments moments) {
        if (vectors.containsKey(name)) throw new IllegalArgumentException("vector " + name + " declared twice");
        vectors.put(name, moments);
        return this;
    }

    /** The moments of a declared vector, to add observations to or read from. */
    public Moments get(String name) {
        Moments m = vectors.get(name);
        if (m == null) throw new IllegalArgumentException("no vector " + name + "; have " + vectors.keySet());
        return m;
    }

    public boolean has(String name) {
        return vectors.containsKey(name);
    }

    /** The declared vectors, in declaration order. */
    public Map<String, Moments> vectors() {
        return Collections.unmodifiableMap(vectors);
    }

    /** Adds {@code amount} to a counter (created at 0). */
    public void count(String name, long amount) {
        counters.computeIfAbsent(name, n -> new long[1])[0] += amount;
    }

    public long counter(String name) {
        long[] c = counters.get(name);
        return c == null ? 0 : c[0];
    }

    /** The number of episodes: the count of the first vector (0 when none is declared). */
    public long episodes() {
        return vectors.isEmpty() ? 0 : vectors.values().iterator().next().count();
    }

    /** An independent copy: adding to either leaves the other unchanged. */
    public EpisodeStatistics copy() {
        EpisodeStatistics c = new EpisodeStatistics();
        for (Map.Entry<String, Moments> e : vectors.entrySet()) c.vectors.put(e.getKey(), e.getValue().copy());
        for (Map.Entry<String, long[]> e : counters.entrySet()) c.counters.put(e.getKey(), e.getValue().clone());
        return c;
    }

    /** Merges {@code other}, the statistics of later episodes with the same vectors, into this. */
    public EpisodeStatistics merge(EpisodeStatistics other) {
        if (!other.vectors.keySet().equals(vectors.keySet())) {
            throw new IllegalArgumentException("cannot merge statistics of " + other.vectors.keySet() + " into "
                    + vectors.keySet());
        }
        for (Map.Entry<String, Moments> e : vectors.entrySet()) e.getValue().merge(other.vectors.get(e.getKey()));
        for (Map.Entry<String, long[]> e : other.counters.entrySet()) count(e.getKey(), e.getValue()[0]);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpisodeStatistics s && s.vectors.equals(vectors) && s.counterValues().equals(counterValues());
    }

    private Map<String, Long> counterValues() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : counters.entrySet()) values.put(e.getKey(), e.getValue()[0]);
        return values;
    }

    @Override
    public int hashCode() {
        return vectors.hashCode();
    }
}
