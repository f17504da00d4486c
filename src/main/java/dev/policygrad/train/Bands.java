package dev.policygrad.train;

/** A band mean +- error drawn as one closed polygon: along the upper edge, then back along the lower. */
final class Bands {

    private Bands() {}

    static double[] polygonX(double[] x) {
        int n = x.length;
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            out[i] = x[i];
            out[2 * n - 1 - i] = x[i];
        }
        return out;
    }

    static double[] polygonY(double[] mean, double[] error) {
        int n = mean.length;
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            out[i] = mean[i] + error[i];
            out[2 * n - 1 - i] = mean[i] - error[i];
        }
        return out;
    }
}
