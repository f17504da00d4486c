package dev.policygrad.train;

import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished training run reports: its settings, the last batch, J at the start and at the end
 * where J is exact (NaN otherwise), and the final theta.
 */
public record TrainingSummary(String environment, int iterations, String optimizer, double learningRate,
        TrainingSettings settings, MetricRow last, double startJ, double finalJ, List<String> names, double[] theta) {

    public TrainingSummary {
        names = List.copyOf(names);
        theta = theta.clone();
    }

    /** The summary of {@code run} after {@code trainer} trained it, with J at the start of the run. */
    public static TrainingSummary of(Trainer trainer, String environment, TrainingRun run, List<String> names,
            double startJ) {
        return new TrainingSummary(environment, run.iteration(), run.optimizer().state().kind(),
                run.optimizer().state().setting("learning_rate"), trainer.settings(), run.last(), startJ,
                trainer.exactObjective(run.theta()), names, run.theta());
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    public Map<String, Object> json() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("environment", environment);
        report.put("iterations", iterations);
        report.put("optimizer", optimizer);
        report.put("learning_rate", learningRate);
        report.put("estimator", settings.exactGradient() ? "exact" : settings.estimator().name());
        if (!settings.exactGradient()) {
            // an exact-gradient run plays no episodes and uses no baseline
            report.putAll(settings.estimator().settings());
            report.put("episodes", settings.episodes());
        }
        report.put("seed", settings.seed());
        if (!Double.isNaN(finalJ)) {
            report.put("J_start", startJ);
            report.put("J", finalJ);
        }
        report.put("last", last == null ? null : Metrics.json(last));
        report.put("theta", Json.named(names, theta));
        return report;
    }

    /** Parameters listed in full up to this many; past it the text summarises them. */
    public static final int SHOWN_PARAMETERS = 24;

    @Override
    public String toString() {
        return text(false);
    }

    /** The summary as text; {@code all} lists every parameter, else a long list is summarised. */
    public String text(boolean all) {
        String gradient = settings.exactGradient() ? "exact gradient"
                : settings.estimator().describe() + ", " + settings.episodes() + " episodes per iteration";
        StringBuilder out = new StringBuilder();
        out.append("trained ").append(iterations).append(" iterations on ").append(environment).append(": ")
                .append(optimizer).append(", learning rate ").append(Text.number(learningRate)).append(", ")
                .append(gradient).append('\n');
        if (last != null && !settings.exactGradient()) {
            out.append("last batch: mean return ").append(Text.number(last.meanReturn())).append(" +- ")
                    .append(Text.number(last.returnStandardError())).append(" (standard error)\n");
        }
        if (!Double.isNaN(finalJ)) {
            out.append("J = ").append(Text.number(finalJ)).append(" (exact; ").append(Text.number(startJ))
                    .append(" at the start)\n");
        }
        out.append("theta:\n").append(all ? Text.table(names, theta) : Text.summarizedTable(names, theta, SHOWN_PARAMETERS));
        return out.toString();
    }
}
