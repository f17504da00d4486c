package dev.policygrad.train;

import dev.policygrad.files.AtomicWrite;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints as JSON files, written atomically ({@link AtomicWrite}). Numbers are written with
 * Java's {@code Double.toString}, which reads back to the same double, so a resumed run continues
 * from exactly the bits it stopped at.
 *
 * <p>A checkpoint holds what resuming needs: theta, the optimizer's state, the iteration, the seed and
 * settings. The run's metric rows, which grow with it, are kept beside it in {@code NAME.metrics.csv}
 * ({@link MetricLog#besideCheckpoint}), appended to as iterations complete; the checkpoint names the
 * first of them that belong to it by count, size and SHA-256 ({@code "metrics": {"file", "rows",
 * "bytes", "sha256"}}), so its size does not grow with the run and writing it does not copy them.
 * Checkpoints of the first format ({@value #FORMAT_1}), with every row inside, still read.
 */
public final class Checkpoints {

    /** The value of the {@code format} field written; a reader accepts it and {@link #FORMAT_1}. */
    public static final String FORMAT = "policygrad-checkpoint/2";

    /** The first format, which held every metric row in the checkpoint itself. */
    public static final String FORMAT_1 = "policygrad-checkpoint/1";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final TypeReference<Map<String, Object>> BLOCKS = new TypeReference<>() {};

    private Checkpoints() {}

    /** Writes {@code checkpoint} to {@code file}: afterwards the file holds it entirely, or is unchanged. */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        write(file, checkpoint, null);
    }

    /**
     * As {@link #write(Path, Checkpoint)}, with the run's command line, version and settings under
     * {@code "run"} (for people; reading ignores it) when {@code record} is not null.
     */
    public static void write(Path file, Checkpoint checkpoint, RunRecord record) throws IOException {
        write(file, checkpoint, record, null);
    }

    /** As {@link #write(Path, Checkpoint, RunRecord)}, recording what the run belongs to (unless null). */
    public static void write(Path file, Checkpoint checkpoint, RunRecord record, RunFingerprint belongsTo)
            throws IOException {
        Path rows = MetricLog.besideCheckpoint(file);
        MetricLog.Snapshot metrics = checkpoint.metrics();
        metrics.log().keepAt(rows, metrics);  // the rows first: the checkpoint then names rows already there
        Map<String, Object> json = toJson(checkpoint, rows.getFileName().toString());
        if (record != null) json.put("run", record.json());
        if (belongsTo != null) json.put("belongs_to", belongsTo.json());
        byte[] bytes = MAPPER.writeValueAsBytes(json);
        AtomicWrite.write(file, bytes);
    }

    /**
     * What the checkpoint in {@code file} belongs to, or null when it does not say (written before
     * checkpoints recorded it); a UsageError when the file is not a readable checkpoint.
     */
    public static RunFingerprint belongsTo(Path file) {
        JsonNode json;
        try {
            json = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageError("cannot read checkpoint " + file + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
        JsonNode b = json == null ? null : json.get("belongs_to");
        if (b == null || !b.isObject()) return null;
        List<String> shapes = new ArrayList<>();
        for (JsonNode s : b.path("shapes")) shapes.add(s.asText());
        return new RunFingerprint(b.path("policy").asText(), b.path("task").asText(), shapes, b.path("source").asText());
    }

    /** Reads a checkpoint written by {@link #write}; a UsageError says what is wrong with another file. */
    public static Checkpoint read(Path file) {
        JsonNode json;
        try {
            json = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageError("cannot read checkpoint " + file + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
        String format = json == null || !json.isObject() ? "" : json.path("format").asText();
        if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
            if (format.startsWith("policygrad-checkpoint/")) {
                throw new UsageError(file + " is a checkpoint of the format " + format + ", which this policygrad ("
                        + dev.policygrad.Version.NUMBER + ") does not read: it reads " + FORMAT_1 + " and " + FORMAT);
            }
            throw new UsageError(file + " is not a policygrad checkpoint (expected \"format\": \"" + FORMAT + "\")");
        }
        try {
            return fromJson(json, file, FORMAT_1.equals(format));
        } catch (RuntimeException e) {
            if (e instanceof UsageError) throw e;
            throw new UsageError(file + ": a damaged checkpoint (" + e.getMessage() + ")");
        }
    }

    static Map<String, Object> toJson(Checkpoint c, String rowsFile) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("files", c.files());
        out.put("iteration", c.iteration());
        out.put("seed", c.seed());
        out.put("estimator", c.estimator());
        out.put("baseline", c.baseline());
        if (c.estimator().equals("gae")) {
            out.put("lambda", c.lambda());
            out.put("critic", c.critic());
        }
        out.put("exact_gradient", c.exactGradient());
        out.put("episodes", c.episodes());
        Map<String, Object> named = new LinkedHashMap<>();
        double[] theta = c.theta();
        for (int i = 0; i < theta.length; i++) named.put(c.names().get(i), theta[i]);
        out.put("theta", named);
        out.put("parameters", c.blocks());
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("kind", c.optimizer().kind());
        optimizer.put("steps", c.optimizer().steps());
        optimizer.put("settings", c.optimizer().settings());
        optimizer.put("vectors", c.optimizer().vectors());
        out.put("optimizer", optimizer);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("file", rowsFile);
        metrics.put("rows", c.metrics().rows());
        metrics.put("bytes", c.metrics().bytes());
        metrics.put("sha256", c.metrics().sha256());
        out.put("metrics", metrics);
        return out;
    }

    private static Checkpoint fromJson(JsonNode json, Path file, boolean firstFormat) {
        List<String> files = new ArrayList<>();
        for (JsonNode f : required(json, "files")) files.add(f.asText());
        List<String> names = new ArrayList<>();
        JsonNode thetaJson = required(json, "theta");
        double[] theta = new double[thetaJson.size()];
        Iterator<Map.Entry<String, JsonNode>> fields = thetaJson.fields();
        for (int i = 0; fields.hasNext(); i++) {
            Map.Entry<String, JsonNode> field = fields.next();
            names.add(field.getKey());
            theta[i] = number(field.getValue());
        }
        Map<String, Object> blocks = MAPPER.convertValue(required(json, "parameters"), BLOCKS);
        JsonNode optimizerJson = required(json, "optimizer");
        Map<String, Double> settings = new LinkedHashMap<>();
        required(optimizerJson, "settings").fields().forEachRemaining(e -> settings.put(e.getKey(), number(e.getValue())));
        Map<String, double[]> vectors = new LinkedHashMap<>();
        required(optimizerJson, "vectors").fields().forEachRemaining(e -> vectors.put(e.getKey(), numbers(e.getValue())));
        OptimizerState optimizer = new OptimizerState(required(optimizerJson, "kind").asText(), settings,
                required(optimizerJson, "steps").asLong(), vectors);
        MetricLog.Snapshot metrics = firstFormat ? inlineRows(required(json, "metrics"))
                : rowsBeside(file, required(json, "metrics"));
        String estimator = required(json, "estimator").asText();
        // only a run along gae records lambda and its critic (checkpoints written before gae trained have
        // neither); a gae checkpoint without them would resume along another estimator
        boolean gae = estimator.equals("gae");
        double lambda = gae ? number(required(json, "lambda")) : json.has("lambda") ? number(json.get("lambda")) : 1;
        String critic = gae ? required(json, "critic").asText() : json.path("critic").asText("linear");
        return new Checkpoint(files, required(json, "iteration").asInt(), required(json, "seed").asLong(),
                estimator, required(json, "baseline").asText(), lambda, critic,
                required(json, "exact_gradient").asBoolean(), required(json, "episodes").asInt(), names, theta, blocks,
                optimizer, metrics);
    }

    /** The rows a checkpoint of the first format holds, in memory. */
    private static MetricLog.Snapshot inlineRows(JsonNode rows) {
        if (!rows.isArray()) throw new IllegalArgumentException("\"metrics\" is not a list of rows");
        MetricLog log = MetricLog.inMemory();
        for (JsonNode row : rows) {
            log.append(new MetricRow(required(row, "iteration").asInt(), number(required(row, "mean_return")),
                    number(required(row, "return_standard_error")), number(required(row, "exact_J")),
                    number(required(row, "gradient_norm")), required(row, "steps").asLong(),
                    required(row, "elapsed_ms").asLong()));
        }
        return log.snapshot();
    }

    /**
     * The rows the checkpoint in {@code file} names, read and checked from the file beside it (the same
     * directory, however the checkpoint was reached). A missing or different file is a UsageError saying so.
     */
    private static MetricLog.Snapshot rowsBeside(Path file, JsonNode metrics) {
        String name = required(metrics, "file").asText();
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("\"metrics\" names the file '" + name + "', not a file beside it");
        }
        int rows = required(metrics, "rows").asInt();
        long bytes = required(metrics, "bytes").asLong();
        String sha256 = required(metrics, "sha256").asText();
        Path beside = (Files.isSymbolicLink(file) ? AtomicWrite.resolveLinks(file) : file).resolveSibling(name);
        try {
            return MetricLog.stored(beside, rows, bytes, sha256).snapshot();
        } catch (IOException e) {
            throw new UsageError("the checkpoint " + file + " keeps its metric rows in " + beside + ", which cannot be "
                    + "read (" + dev.policygrad.files.FileErrors.reason(e) + "); a checkpoint is resumed with that file beside it");
        } catch (IllegalArgumentException e) {
            throw new UsageError("the checkpoint " + file + " keeps its " + rows + " metric rows in " + beside + ", but "
                    + e.getMessage() + ": it was changed or replaced after the checkpoint was written");
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) throw new IllegalArgumentException("missing \"" + field + "\"");
        return value;
    }

    /** A number, or one of the strings "NaN", "Infinity", "-Infinity" that NaN and infinities are written as. */
    private static double number(JsonNode node) {
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) return Double.parseDouble(node.asText());
        throw new IllegalArgumentException("expected a number, got " + node);
    }

    private static double[] numbers(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) out[i] = number(node.get(i));
        return out;
    }
}
