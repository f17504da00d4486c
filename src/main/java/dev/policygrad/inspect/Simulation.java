package dev.policygrad.inspect;

import dev.policygrad.dist.Distribution;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.env.Environment;
import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Episodes of a policy in its environment, step by step, for reading: the state (its name in a
 * finite MDP), the action probabilities (or the distribution's parameters for a real action), the
 * action drawn, the reward and the discounted return so far. Episode i draws from
 * {@link EpisodeSeeds#random(long, long) EpisodeSeeds.random(seed, i)} in the order the rollouts
 * draw, so it is the episode a Monte Carlo batch with the same seed plays as its i-th. A state,
 * action, reward or return that is not finite is an error naming it, the step and the episode
 * ({@link Objectives#requireFiniteStep}), never a result.
 */
public final class Simulation {

    /**
     * One step t: in {@code state} (observation {@code observation}), the policy gave the actions
     * {@code probabilities} (discrete; {@code logProbabilities} their logarithms, log pi(a | s) as
     * evaluated, from which they are printed where exp leaves the doubles) or drew from a distribution with {@code distribution}
     * parameters (real: its mean and std, each one value per component), took {@code action} (its
     * label; {@code actionValues} as the engine sees it, K components for {@code a[K] : real}) and
     * received {@code reward}; {@code returnSoFar} is sum_{k &lt;= t} gamma^k r_{k+1}.
     */
    public record Step(int t, String state, double[] observation, double[] probabilities, double[] logProbabilities,
            double[][] distribution, String action, double[] actionValues, double reward, double returnSoFar) {

        /** The action as the engine sees it, for a scalar action. */
        public double actionValue() {
            return actionValues[0];
        }
    }

    /** An episode: its steps, whether it ended in a terminal state (else at the horizon), its return. */
    public record Episode(int index, List<Step> steps, boolean terminated, double discountedReturn) {}

    /** Over the episodes: the mean discounted return with its standard error, and the lengths. */
    public record Summary(int episodes, double meanReturn, double standardError, double meanLength, int shortest,
            int longest, int terminated) {}

    private Simulation() {}

    public static List<Episode> run(Environment environment, Policy policy, double[] theta, int episodes, long seed) {
        List<Episode> all = new ArrayList<>();
        Evaluator evaluator = policy.newEvaluator();
        ActionSpace actions = policy.actions();
        Distribution distribution = policy.spec().distribution();
        int[] mdpState = new int[1];
        FiniteMdp mdp = environment instanceof FiniteMdp m ? m : null;
        for (int i = 0; i < episodes; i++) {
            Environment.Simulator simulator = mdp != null ? mdp.newSimulator(mdpState) : environment.newSimulator();
            SplittableRandom random = EpisodeSeeds.random(seed, i);
            double[] observation = new double[Math.max(environment.observationSize(), policy.stateSize())];
            simulator.reset(random, observation);
            Objectives.requireFiniteState(observation, 0, i, environment, policy);
            List<Step> steps = new ArrayList<>();
            double discount = 1, total = 0;
            int t = 0;
            while (!simulator.terminal() && t < environment.horizon()) {
                double[] seen = observation.clone();
                String state = mdp != null ? mdp.stateName(mdpState[0]) : null;
                double[] probabilities = null, logProbabilities = null;
                double[][] parameters = null;
                if (actions.isDiscrete()) {
                    probabilities = new double[actions.count()];
                    logProbabilities = new double[actions.count()];
                    for (int a = 0; a < probabilities.length; a++) {
                        logProbabilities[a] = evaluator.logPi(theta, seen, a);
                        probabilities[a] = Math.exp(logProbabilities[a]);
                    }
                }
                // drawn and stepped as the rollouts draw and step (component k the k-th draw)
                double[] action = new double[actions.size()];
                evaluator.sample(theta, seen, random, action, 0);
                if (!actions.isDiscrete() && distribution != null) parameters = distributionParameters(evaluator);
                double reward = simulator.step(action, 0, random, observation);
                Objectives.requireFiniteStep(seen, actions.isDiscrete() ? null : action, reward, 0, t, i, environment,
                        policy);
                total += discount * reward;
                Objectives.requireFiniteReturn(total, t, i, environment, policy);
                Objectives.requireFiniteState(observation, t + 1, i, environment, policy);
                discount *= environment.gamma();
                String label = actions.isDiscrete() ? actions.label((int) action[0])
                        : actions.isVector() ? java.util.Arrays.toString(action) : Double.toString(action[0]);
                steps.add(new Step(t, state, seen, probabilities, logProbabilities, parameters, label, action, reward, total));
                t++;
            }
            all.add(new Episode(i, List.copyOf(steps), simulator.terminal(), total));
        }
        return all;
    }

    /** The distribution's parameters from the evaluator's last state sweep (mean, std), each with its components. */
    private static double[][] distributionParameters(Evaluator evaluator) {
        var program = evaluator.policy().logPiProgram();
        double[][] values = new double[program.outputCount() - 1][];
        for (int k = 0; k < values.length; k++) {
            values[k] = new double[program.outputShape(k + 1).size()];
            evaluator.tape().output(k + 1, values[k]);
        }
        return values;
    }

    public static Summary summarize(List<Episode> episodes) {
        int n = episodes.size();
        double mean = 0, lengths = 0;
        int shortest = Integer.MAX_VALUE, longest = 0, terminated = 0;
        for (Episode e : episodes) {
            mean += e.discountedReturn() / n;
            lengths += e.steps().size();
            shortest = Math.min(shortest, e.steps().size());
            longest = Math.max(longest, e.steps().size());
            if (e.terminated()) terminated++;
        }
        // deviations are summed divided by the largest, so returns near 1e200 do not square beyond the doubles
        double largest = 0;
        for (Episode e : episodes) largest = Math.max(largest, Math.abs(e.discountedReturn() - mean));
        double squares = 0;
        for (Episode e : episodes) {
            double d = largest > 0 ? (e.discountedReturn() - mean) / largest : 0;
            squares += d * d;
        }
        double standardError = n > 1 ? largest * Math.sqrt(squares / (n - 1) / n) : Double.NaN;
        return new Summary(n, mean, standardError, lengths / Math.max(n, 1), n == 0 ? 0 : shortest, longest, terminated);
    }
}
