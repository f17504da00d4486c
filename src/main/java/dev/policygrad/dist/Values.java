package dev.policygrad.dist;

/**
 * A distribution's evaluated parameters, read where they were computed: element {@code index}
 * (row-major) of parameter {@code parameter}, in {@link Distribution#parameters()} order. Sampling
 * reads them in place, so a draw copies nothing (a policy's evaluator reads its tape's registers).
 */
public interface Values {

    double get(int parameter, int index);

    /** The number of elements of parameter {@code parameter}. */
    int size(int parameter);

    /** Values held in arrays, one per parameter; the arrays are read, not copied. */
    static Values of(double[]... parameters) {
        return new Values() {
            @Override
            public double get(int parameter, int index) {
                return parameters[parameter][index];
            }

            @Override
            public int size(int parameter) {
                return parameters[parameter].length;
            }
        };
    }
}
