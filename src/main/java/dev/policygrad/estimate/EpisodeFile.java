package dev.policygrad.estimate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import dev.policygrad.render.Text;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Episodes as JSON lines, one object per episode, for code outside policygrad:
 * {@code {"episode": i, "states": [[...], ...], "actions": ["up", ...], "rewards": [...], "log_pi": [...],
 * "terminated": b}}, with {@code "state_names"} for a finite MDP (needed when the observations do not
 * identify the states, e.g. a policy without a state), and {@code "probability"} and {@code "log_probability"}
 * for a list of every trajectory (the probability is a double, so 0 below 4.9e-324, where its logarithm
 * still says what it is: -760 for e^-760). {@code states} has T + 1 rows (the
 * last is s_T), {@code rewards[t]} is r_{t+1}, actions are labels (or numbers for a real action, lists of
 * K numbers for a vector action {@code a[K] : real}: {@code "actions": [[0.3, -0.2], ...]}).
 *
 * <p>Reading checks that every episode belongs to the policy and the task: the fields and their
 * lengths, the actions, log pi (recomputed, to 1e-9), the length (an episode ends in a terminal state,
 * {@code "terminated": true}, or is cut at the horizon, or at the step cap of a task without one: an
 * episode that did not terminate has exactly that many steps), and for a finite MDP the start, every
 * transition, every reward, and the probability and log probability, recomputed in log space: the log
 * probability to 1e-9, the probability to 1e-9 of itself, or, where it is below the normal doubles
 * (2.2e-308), to 1e-9 of 2.2e-308, so that one written as 0 or as a subnormal is read as the double it is.
 * An error names the file, the line and the field.
 */
public final class EpisodeFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How far a recorded log pi or probability may be from policygrad's, relative (and absolute near 0). */
    public static final double TOLERANCE = 1e-9;

    private final Policy policy;
    private final Environment environment;
    private final double[] theta;

    public EpisodeFile(Policy policy, Environment environment, double[] theta) {
        this.policy = policy;
        this.environment = environment;
        this.theta = theta.clone();
    }

    /** An episode read from a file, with its probability (NaN when the file gives none). */
    public record Read(EpisodeRecord episode, double probability) {}

    /** One JSON line for a sampled episode. */
    public String line(EpisodeRecord episode) {
        return line(episode, Double.NaN, Double.NaN);
    }

    /** One JSON line for a listed trajectory, with its probability and log probability. */
    public String line(EpisodeSampler.Weighted trajectory) {
        return line(trajectory.episode(), trajectory.probability(), trajectory.logProbability());
    }

    /** {@code probability} and {@code logProbability} are written unless NaN. */
    private String line(EpisodeRecord episode, double probability, double logProbability) {
        requireFinite(episode);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("episode", episode.index());
        if (!Double.isNaN(probability)) out.put("probability", probability);
        if (!Double.isNaN(logProbability)) out.put("log_probability", logProbability);
        List<double[]> states = new ArrayList<>();
        for (int t = 0; t <= episode.length(); t++) states.add(episode.observation(t));
        out.put("states", states);
        if (environment instanceof FiniteMdp mdp) {
            int[] path = episode.states() != null ? episode.states() : MdpStates.path(mdp, episode);
            if (path != null) {
                List<String> names = new ArrayList<>();
                for (int s : path) names.add(mdp.stateName(s));
                out.put("state_names", names);
            }
        }
        ActionSpace actions = policy.actions();
        List<Object> written = new ArrayList<>();
        for (int t = 0; t < episode.length(); t++) {
            if (actions.isVector()) {
                written.add(episode.action(t));
                continue;
            }
            double a = episode.actions()[t];
            written.add(actions.isDiscrete() ? actions.label((int) a) : (Object) a);
        }
        out.put("actions", written);
        out.put("rewards", java.util.Arrays.copyOf(episode.rewards(), episode.length()));
        out.put("log_pi", java.util.Arrays.copyOf(episode.logPi(), episode.length()));
        out.put("terminated", episode.terminated());
        try {
            return MAPPER.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses an episode with a state, real action, reward, log pi or return that is not finite, naming the
     * first by step, so that no such value is written.
     */
    private void requireFinite(EpisodeRecord e) {
        Objectives.requireFiniteEpisode(e.index(), e.length(), e.observations(), e.observationSize(), e.actions(),
                e.actionSize(), !policy.actions().isDiscrete(), e.rewards(), e.logPi(), environment, policy);
    }

    /**
     * The episodes of {@code text}, the contents of {@code file} (named in errors), read one at a time and
     * each checked against the policy and environment: a file of any length takes memory for one episode.
     */
    public Episodes read(String file, Reader text) {
        return new Episodes(new TextLines(file, text));
    }

    /** The episodes of the file at {@code path}, read as UTF-8 ({@link TextLines#utf8}). */
    public Episodes open(Path path) {
        try {
            return read(path.toString(), TextLines.utf8(path));
        } catch (IOException e) {
            throw new UsageError("cannot read " + path + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
    }

    /** Every episode of {@code text} (for tests and small files). */
    public List<Read> readAll(String file, String text) {
        List<Read> episodes = new ArrayList<>();
        try (Episodes in = read(file, new StringReader(text))) {
            for (Read r = in.next(); r != null; r = in.next()) episodes.add(r);
        }
        return episodes;
    }

    /** An episode file being read, in order. */
    public final class Episodes implements Closeable {
        private final TextLines lines;
        private final Evaluator evaluator = policy.newEvaluator();
        private int count;

        private Episodes(TextLines lines) {
            this.lines = lines;
        }

        /** The next episode, or null after the last; a file without a single episode is an error. */
        public Read next() {
            JsonNode node = lines.nextJson();
            if (node == null) {
                if (count == 0) throw new UsageError(lines.start(), "no episodes in the file");
                return null;
            }
            Span span = lines.span();
            if (!node.isObject()) throw new UsageError(span, "each line must be one JSON object (an episode)");
            return episode(node, span, count++, evaluator);
        }

        /** The episodes read so far. */
        public int count() {
            return count;
        }

        /** The episodes read so far and those left, counted as lines without checking them (for a count's error). */
        public long countToEnd() {
            return count + lines.skipRest();
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    private Read episode(JsonNode node, Span at, int position, Evaluator evaluator) {
        int index = (int) integer(node, "episode", at);
        if (index != position) {
            throw error(at, "episode", "is " + index + ", but this is episode " + position
                    + " of the file (episodes are numbered 0, 1, ... in order)");
        }
        JsonNode actionsNode = array(node, "actions", at);
        int length = actionsNode.size();
        if (length > environment.horizon()) throw error(at, "actions", "has " + length + " steps, more than " + limit());
        JsonNode statesNode = array(node, "states", at);
        int d = environment.observationSize();
        if (statesNode.size() != length + 1) {
            throw error(at, "states", "has " + statesNode.size() + " rows; an episode of " + length
                    + " actions has " + (length + 1) + " states (s_0 .. s_T)");
        }
        double[] observations = new double[(length + 1) * d];
        for (int t = 0; t <= length; t++) {
            JsonNode row = statesNode.get(t);
            if (row.isNumber() && d == 1) {
                observations[t] = finite(row, "states[" + t + "]", at);
                continue;
            }
            if (!row.isArray() || row.size() != d) {
                throw error(at, "states[" + t + "]", "must be a list of " + d + " numbers (the observation)");
            }
            for (int j = 0; j < d; j++) observations[t * d + j] = finite(row.get(j), "states[" + t + "][" + j + "]", at);
        }
        ActionSpace space = policy.actions();
        int size = space.size();
        double[] actions = new double[length * size];
        for (int t = 0; t < length; t++) {
            JsonNode a = actionsNode.get(t);
            if (space.isVector()) {
                if (!a.isArray() || a.size() != size) {
                    throw error(at, "actions[" + t + "]", "must be a list of " + size + " numbers (the components of "
                            + space.name() + "[" + size + "]), got " + a);
                }
                for (int j = 0; j < size; j++) {
                    actions[t * size + j] = finite(a.get(j), "actions[" + t + "][" + j + "]", at);
                }
            } else if (space.isDiscrete()) {
                int k = space.indexOf(a.isTextual() ? a.asText() : a.isIntegralNumber() ? a.asText() : "");
                if (k < 0) throw error(at, "actions[" + t + "]", a + " is not an action of the policy " + space.describe());
                actions[t] = k;
            } else {
                actions[t] = finite(a, "actions[" + t + "]", at);
            }
        }
        double[] rewards = numbers(node, "rewards", length, at);
        double[] logPi = numbers(node, "log_pi", length, at);
        boolean terminated = bool(node, "terminated", at);
        String unfinished = unfinished(length, terminated);
        if (unfinished != null) throw error(at, "terminated", unfinished);
        int[] states = null;
        if (environment instanceof FiniteMdp mdp && node.has("state_names")) {
            JsonNode names = array(node, "state_names", at);
            if (names.size() != length + 1) throw error(at, "state_names", "must have " + (length + 1) + " entries");
            states = new int[length + 1];
            for (int t = 0; t <= length; t++) {
                states[t] = mdp.stateIndex(names.get(t).asText());
                if (states[t] < 0) throw error(at, "state_names[" + t + "]", names.get(t) + " is not a state of mdp " + mdp.name());
            }
        }
        EpisodeRecord episode = EpisodeRecord.of(index, observations, d, actions, rewards, terminated,
                environment.gamma(), evaluator, theta, states);
        for (int t = 0; t < length; t++) {
            if (!close(logPi[t], episode.logPi()[t])) {
                throw error(at, "log_pi[" + t + "]", "is " + logPi[t] + ", but the policy gives " + episode.logPi()[t]
                        + " at these parameters: the episode was not played by this policy (or not at these parameters)");
            }
        }
        double probability = Double.NaN;
        if (environment instanceof FiniteMdp mdp) {
            if (states != null) {
                String why = MdpStates.mismatch(mdp, episode, states);
                if (why != null) throw error(at, "states", why + ": the episode does not belong to mdp " + mdp.name());
            } else {
                states = MdpStates.path(mdp, episode);
                if (states == null) throw error(at, "states", MdpStates.why(mdp, episode));
            }
            episode = new EpisodeRecord(index, length, episode.terminated(), episode.gamma(), d, observations, actions,
                    episode.rewards(), episode.logPi(), episode.scores(), episode.returnsToGo(), states);
            double logP = logProbability(mdp, episode);
            if (node.has("log_probability")) {
                double given = finite(node.get("log_probability"), "log_probability", at);
                if (!close(given, logP)) {
                    throw error(at, "log_probability", "is " + given + ", but the trajectory's log probability under the "
                            + "policy is " + logP);
                }
            }
            if (node.has("probability")) {
                probability = finite(node.get("probability"), "probability", at);
                double p = Math.exp(logP);
                if (!(Math.abs(probability - p) <= TOLERANCE * Math.max(p, Double.MIN_NORMAL))) {
                    throw error(at, "probability", "is " + probability + ", but the trajectory's probability under the "
                            + "policy is " + Text.exp(logP) + " (log probability " + logP + ")");
                }
            }
        } else if (node.has("probability") || node.has("log_probability")) {
            String field = node.has("probability") ? "probability" : "log_probability";
            throw error(at, field, "only a finite MDP's trajectories have probabilities here");
        }
        return new Read(episode, probability);
    }

    /**
     * Why an episode of {@code length} steps cannot have been played in the task, or null: an episode ends
     * in a terminal state or is cut at the horizon (the step cap when the task sets none), so one that
     * did not terminate has exactly that many steps, and none has more.
     */
    private String unfinished(int length, boolean terminated) {
        if (terminated || length == environment.horizon()) return null;
        return "is false, but the episode stops after " + length + " step" + (length == 1 ? "" : "s")
                + ": an episode that does not end in a terminal state runs to " + limit();
    }

    /** The most steps an episode of the task takes, in words. */
    private String limit() {
        return environment.horizonIsCap()
                ? "the step cap of " + environment.horizon() + " steps (the task '" + environment.name() + "' sets no horizon)"
                : "the horizon of the task '" + environment.name() + "' (" + environment.horizon() + " steps)";
    }

    /** log mu_0(s_0) + sum_t (log pi(a_t | s_t) + log P(s_{t+1} | s_t, a_t)). */
    private static double logProbability(FiniteMdp mdp, EpisodeRecord episode) {
        int[] s = episode.states();
        double logP = Math.log(mdp.startProbability(s[0]));
        for (int t = 0; t < episode.length(); t++) {
            int a = (int) episode.actions()[t];
            double transition = 0;
            for (int k = 0; k < mdp.outcomeCount(s[t], a); k++) {
                if (mdp.nextState(s[t], a, k) == s[t + 1]) transition += mdp.transitionProbability(s[t], a, k);
            }
            logP += episode.logPi()[t] + Math.log(transition);
        }
        return logP;
    }

    private static boolean close(double given, double computed) {
        return Math.abs(given - computed) <= TOLERANCE * Math.max(1, Math.abs(computed));
    }

    private static long integer(JsonNode node, String field, Span at) {
        JsonNode v = node.get(field);
        if (v == null) throw error(at, field, "is missing");
        if (!v.isIntegralNumber()) throw error(at, field, "must be an integer, got " + v);
        return v.asLong();
    }

    private static boolean bool(JsonNode node, String field, Span at) {
        JsonNode v = node.get(field);
        if (v == null) throw error(at, field, "is missing (true when the episode ended in a terminal state)");
        if (!v.isBoolean()) throw error(at, field, "must be true or false, got " + v);
        return v.asBoolean();
    }

    private static JsonNode array(JsonNode node, String field, Span at) {
        JsonNode v = node.get(field);
        if (v == null) throw error(at, field, "is missing");
        if (!v.isArray()) throw error(at, field, "must be a list, got " + v.getNodeType().toString().toLowerCase());
        return v;
    }

    private static double[] numbers(JsonNode node, String field, int length, Span at) {
        JsonNode v = array(node, field, at);
        if (v.size() != length) throw error(at, field, "has " + v.size() + " entries; the episode has " + length + " steps");
        double[] out = new double[length];
        for (int t = 0; t < length; t++) out[t] = finite(v.get(t), field + "[" + t + "]", at);
        return out;
    }

    private static double finite(JsonNode v, String field, Span at) {
        if (v == null || !v.isNumber()) throw error(at, field, "must be a number, got " + v);
        double x = v.asDouble();
        if (!Double.isFinite(x)) throw error(at, field, "is " + x + ", not a finite number");
        return x;
    }

    private static UsageError error(Span at, String field, String message) {
        return new UsageError(at, "field \"" + field + "\" " + message);
    }
}
