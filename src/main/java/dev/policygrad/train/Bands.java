package dev.policygrad.train;

/**
 * A band mean +- error drawn as one closed polygon: along the upper edge, then back along the lower; and
 * a long curve thinned to {@link TrainingPlot#MAX_POINTS} points for drawing.
 */
final class Bands {

    private Bands() {}

    /**
     * The curve {x, mean, error} as the means of consecutive groups of {@link TrainingPlot#perPoint} points
     * (the last group may be shorter): itself when it has at most {@link TrainingPlot#MAX_POINTS}. An error
     * that is NaN counts as 0.
     */
    static double[][] grouped(double[] x, double[] mean, double[] error) {
        int per = TrainingPlot.perPoint(x.length);
        int n = (x.length + per - 1) / per;
        double[][] out = new double[3][n];
        for (int g = 0; g < n; g++) {
            int from = g * per, to = Math.min(x.length, from + per);
            for (int k = from; k < to; k++) {
                out[0][g] += x[k] / (to - from);
                out[1][g] += mean[k] / (to - from);
                out[2][g] += (Double.isNaN(error[k]) ? 0 : error[k]) / (to - from);
            }
        }
        return out;
    }

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
