package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.math.BigDecimal;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;

/**
 * Random finite MDPs that the policy rarely leaves, whose values are therefore large and nearly equal: 2-5 states
 * in a cycle (every action may move on to the next state), random transitions among them with probabilities k/8
 * (exact in doubles and in the program's text), random integer rewards (in [-5, 5], or [-5, -1]), and one way
 * out, the first action in the last state, whose logit is -L with L uniform in [5, 120], so that it has
 * probability about e^-L. The policy is a linear softmax over the one-hot state, logits = W s. With a horizon of
 * 5 steps the values stay small, and the rewards are 2^40 + [-5, 5] instead: values of 5.5e12 that differ by a
 * few units. The exact gradient by the policy gradient theorem must agree with a reference computed here in
 * 200-digit Dfp, independently of the code under test: softmax probabilities from the exact W, V by Gaussian
 * elimination of (I - P_pi) V = r_pi (or backward induction), the visitation d by the transposed system (or
 * forward), and dJ/dW[b][s] = sum_t w_t(s) sum_a pi(a | s) (1[a = b] - pi(b | s)) Q_t(s, a).
 *
 * <p>Tolerance: component i to 1e-10 of the size of its terms (a* the likeliest action),
 * D_i = sum_t sum_s w_t(s) sum_a pi(a | s) |d log pi(a | s) / d W_i| |Q_t(s, a) - Q_t(s, a*)|, plus 1e-12 of
 * the largest D: the code's probabilities come from log pi in doubles, off by up to half an ulp of L (1e-14
 * relative), and its scores by 2^-53, which move the terms by as much relative to D. The doubles alone were off
 * by up to e^L 2^-53 D_i, the values' rounding.
 */
class CancellationProperties {

    private static final DfpField FIELD = new DfpField(200);

    @Property(tries = 40, seed = "20240901")
    void theGradientOfARarelyLeftMdpMatchesAHighPrecisionReference(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 5) int states, @ForAll @IntRange(min = 2, max = 3) int actions,
            @ForAll @IntRange(min = 0, max = 2) int kind) {
        int horizon = kind == 2 ? 5 : 0;
        Random random = new Random(seed);
        int leaving = 5 + random.nextInt(116);
        double[][] w = new double[actions][states];
        for (double[] row : w) {
            for (int s = 0; s < states; s++) row[s] = Math.round((4 * random.nextDouble() - 2) * 64) / 64.0;
        }
        w[0][states - 1] = -leaving;
        int[][][] eighths = new int[states][actions][states + 1]; // the last column is the terminal state
        double[][] reward = new double[states][actions];
        StringBuilder text = new StringBuilder("state s[" + states + "]\naction a in {");
        for (int a = 0; a < actions; a++) text.append(a == 0 ? "" : ", ").append("act").append(a);
        text.append("}\nparam W[").append(actions).append("][").append(states).append("] = [");
        for (int a = 0; a < actions; a++) {
            text.append(a == 0 ? "[" : ", [");
            for (int s = 0; s < states; s++) text.append(s == 0 ? "" : ", ").append(w[a][s]);
            text.append(']');
        }
        text.append("]\npolicy pi(a | s) = categorical(logits = W @ s)\nmdp rare {\n  gamma 1\n");
        if (horizon > 0) text.append("  horizon ").append(horizon).append('\n');
        text.append("  start S0\n  terminal T\n");
        for (int s = 0; s < states; s++) { // states are numbered as they first appear: the features say which is which
            text.append("  observe S").append(s).append(" = [");
            for (int j = 0; j < states; j++) text.append(j == 0 ? "" : ", ").append(j == s ? 1 : 0);
            text.append("]\n");
        }
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < actions; a++) {
                reward[s][a] = kind == 1 ? -1 - random.nextInt(5) : random.nextInt(11) - 5 + (kind == 2 ? 0x1p40 : 0);
                if (s == states - 1 && a == 0) {
                    eighths[s][a][states] = 8;
                } else {
                    int next = (s + 1) % states, moving = 1 + random.nextInt(8);
                    eighths[s][a][next] = moving;
                    for (int left = 8 - moving; left > 0; left--) eighths[s][a][random.nextInt(states)]++;
                }
                text.append("  S").append(s).append(" act").append(a).append(" -> {");
                String separator = "";
                for (int j = 0; j <= states; j++) {
                    if (eighths[s][a][j] == 0) continue;
                    text.append(separator).append(j == states ? "T" : "S" + j).append(": ")
                            .append(eighths[s][a][j] / 8.0);
                    separator = ", ";
                }
                text.append("} reward ").append(reward[s][a]).append('\n');
            }
        }
        text.append("}\n");
        CheckedProgram program = Programs.check(text.toString());
        double[] theta = new double[actions * states];
        for (int a = 0; a < actions; a++) System.arraycopy(w[a], 0, theta, a * states, states);
        double[] gradient = new ExactObjective(Programs.mdp(program), Policy.of(program)).gradient(theta);

        Reference reference = new Reference(w, eighths, reward, horizon);
        double largest = 0;
        for (int i = 0; i < theta.length; i++) largest = Math.max(largest, reference.size[i].toDouble());
        double cancelled = 0;
        for (int i = 0; i < theta.length; i++) {
            double size = reference.size[i].toDouble();
            assertEquals(new BigDecimal(reference.gradient[i].toString()).doubleValue(), gradient[i],
                    1e-10 * size + 1e-12 * largest, "dJ / dW[" + i / states + "][" + i % states + "]\n" + text);
            if (size > 0) cancelled = Math.max(cancelled, reference.values[i].toDouble() / size);
        }
        // most samples cancel beyond the doubles' tolerance, so that the property tests the digits taken for them
        Statistics.label("values beyond 2^30 times their differences").collect(cancelled > 0x1p30);
        Statistics.label("values beyond 2^30 times their differences")
                .coverage(coverage -> coverage.check(true).percentage(percent -> percent >= 50));
    }

    /** The reference gradient and, per component, D_i and the same sum with |Q| in place of |Q - Q*|. */
    private static final class Reference {
        final Dfp[] gradient, size, values;

        Reference(double[][] w, int[][][] eighths, double[][] reward, int horizon) {
            int actions = w.length, n = w[0].length, p = actions * n;
            Dfp[][] pi = new Dfp[n][actions];
            for (int s = 0; s < n; s++) {
                Dfp total = FIELD.getZero();
                for (int a = 0; a < actions; a++) {
                    pi[s][a] = DfpMath.exp(dfp(w[a][s]));
                    total = total.add(pi[s][a]);
                }
                for (int a = 0; a < actions; a++) pi[s][a] = pi[s][a].divide(total);
            }
            Dfp[][][] transition = new Dfp[n][actions][n];
            Dfp[][] r = new Dfp[n][actions];
            for (int s = 0; s < n; s++) {
                for (int a = 0; a < actions; a++) {
                    r[s][a] = dfp(reward[s][a]);
                    for (int j = 0; j < n; j++) transition[s][a][j] = FIELD.newDfp(eighths[s][a][j]).divide(8);
                }
            }
            int steps = horizon == 0 ? 1 : horizon;
            Dfp[][][] q = new Dfp[steps][n][actions];
            Dfp[][] weight = new Dfp[steps][n];
            Dfp[][] policyTransition = new Dfp[n][n];
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < n; j++) {
                    policyTransition[s][j] = FIELD.getZero();
                    for (int a = 0; a < actions; a++) {
                        policyTransition[s][j] = policyTransition[s][j].add(pi[s][a].multiply(transition[s][a][j]));
                    }
                }
            }
            if (horizon == 0) {
                Dfp[][] system = new Dfp[n][n], transposed = new Dfp[n][n];
                Dfp[] expected = new Dfp[n], start = new Dfp[n];
                for (int s = 0; s < n; s++) {
                    expected[s] = FIELD.getZero();
                    for (int a = 0; a < actions; a++) expected[s] = expected[s].add(pi[s][a].multiply(r[s][a]));
                    start[s] = s == 0 ? FIELD.getOne() : FIELD.getZero();
                    for (int j = 0; j < n; j++) {
                        system[s][j] = (s == j ? FIELD.getOne() : FIELD.getZero()).subtract(policyTransition[s][j]);
                        transposed[j][s] = system[s][j];
                    }
                }
                Dfp[] v = DfpGauss.solve(system, expected);
                weight[0] = DfpGauss.solve(transposed, start);
                q[0] = actionValues(r, transition, v);
            } else {
                Dfp[] later = zeros(n);
                for (int t = horizon - 1; t >= 0; t--) {
                    q[t] = actionValues(r, transition, later);
                    Dfp[] now = zeros(n);
                    for (int s = 0; s < n; s++) {
                        for (int a = 0; a < actions; a++) now[s] = now[s].add(pi[s][a].multiply(q[t][s][a]));
                    }
                    later = now;
                }
                Dfp[] occupancy = zeros(n);
                occupancy[0] = FIELD.getOne();
                for (int t = 0; t < horizon; t++) {
                    weight[t] = occupancy;
                    Dfp[] following = zeros(n);
                    for (int s = 0; s < n; s++) {
                        for (int j = 0; j < n; j++) {
                            following[j] = following[j].add(occupancy[s].multiply(policyTransition[s][j]));
                        }
                    }
                    occupancy = following;
                }
            }
            gradient = zeros(p);
            size = zeros(p);
            values = zeros(p);
            for (int t = 0; t < steps; t++) {
                for (int s = 0; s < n; s++) {
                    int likeliest = 0;
                    for (int a = 1; a < actions; a++) if (pi[s][a].greaterThan(pi[s][likeliest])) likeliest = a;
                    for (int b = 0; b < actions; b++) {
                        int i = b * n + s;
                        for (int a = 0; a < actions; a++) {
                            Dfp score = (a == b ? FIELD.getOne() : FIELD.getZero()).subtract(pi[s][b]);
                            Dfp weighted = weight[t][s].multiply(pi[s][a]).multiply(score);
                            gradient[i] = gradient[i].add(weighted.multiply(q[t][s][a]));
                            size[i] = size[i].add(weighted.multiply(q[t][s][a].subtract(q[t][s][likeliest])).abs());
                            values[i] = values[i].add(weighted.multiply(q[t][s][a]).abs());
                        }
                    }
                }
            }
        }

        /** R(s, a) + sum_j P(j | s, a) V(j), the terminal state's value being 0. */
        private static Dfp[][] actionValues(Dfp[][] r, Dfp[][][] transition, Dfp[] v) {
            Dfp[][] q = new Dfp[r.length][r[0].length];
            for (int s = 0; s < r.length; s++) {
                for (int a = 0; a < r[s].length; a++) {
                    q[s][a] = r[s][a];
                    for (int j = 0; j < v.length; j++) q[s][a] = q[s][a].add(transition[s][a][j].multiply(v[j]));
                }
            }
            return q;
        }
    }

    private static Dfp dfp(double x) {
        return FIELD.newDfp(new BigDecimal(x).toString());
    }

    private static Dfp[] zeros(int n) {
        Dfp[] zeros = new Dfp[n];
        java.util.Arrays.fill(zeros, FIELD.getZero());
        return zeros;
    }
}
