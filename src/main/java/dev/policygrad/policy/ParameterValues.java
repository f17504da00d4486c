package dev.policygrad.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policygrad.check.ParameterLayout;
import dev.policygrad.diag.UsageError;
import dev.policygrad.ir.Node;
import java.util.Iterator;
import java.util.Map;

/**
 * Sets parameter values by name: a whole block ({@code theta = [0.3, -0.2]}, or a scalar broadcast
 * to it) or one flattened element ({@code W[1][3] = 0.5}), from the command line or from JSON
 * ({@code {"theta": [0.3, -0.2], "k": 0.8}}, matrices as arrays of rows).
 */
public final class ParameterValues {

    private ParameterValues() {}

    /** Writes {@code value} into {@code theta} at the block or element called {@code name}. */
    public static void set(ParameterLayout layout, double[] theta, String name, Node.Const value) {
        for (double v : value.values()) {
            if (!Double.isFinite(v)) {
                throw new UsageError("the value given for " + name + " is not a finite number (" + v + ")");
            }
        }
        ParameterLayout.Block block = layout.block(name);
        if (block != null) {
            double[] values = value.values();
            if (value.shape().isScalar()) {
                java.util.Arrays.fill(theta, block.offset(), block.offset() + block.size(), values[0]);
            } else if (value.shape().equals(block.shape())) {
                System.arraycopy(values, 0, theta, block.offset(), values.length);
            } else {
                throw new UsageError("parameter " + name + " has shape " + block.shape() + ", but the value given has shape "
                        + value.shape());
            }
            return;
        }
        int index = layout.names().indexOf(name.replace(" ", ""));
        if (index < 0) {
            String element = elementProblem(layout, name.replace(" ", ""));
            if (element != null) throw new UsageError(element);
            throw new UsageError("unknown parameter '" + name + "'; the parameters are " + describe(layout));
        }
        if (!value.shape().isScalar()) {
            throw new UsageError(name + " is one number, but the value given has shape " + value.shape());
        }
        theta[index] = value.value();
    }

    /** Bytes a {@code --params} file may take per parameter (a number in JSON with its separator, generously). */
    static final long BYTES_PER_PARAMETER = 40;

    /** Bytes any {@code --params} file may take, however few the parameters: room for names and spacing. */
    static final long BYTES_FLOOR = 1 << 20;

    /**
     * Reads a {@code --params} file (a JSON object of parameter values) into {@code theta}. The file
     * is bounded by the parameter count ({@link #BYTES_PER_PARAMETER} per parameter, at least
     * {@link #BYTES_FLOOR}), so a huge file is refused before it is read; duplicate keys and anything
     * after the object are errors.
     */
    public static void read(ParameterLayout layout, double[] theta, java.nio.file.Path file) {
        long limit = Math.max(BYTES_FLOOR, BYTES_PER_PARAMETER * (long) layout.size());
        JsonNode json;
        try {
            long size = java.nio.file.Files.size(file);
            if (size > limit) {
                throw new UsageError("the parameters file " + file + " has " + size + " bytes, more than the " + limit
                        + " that " + layout.size() + " parameter(s) can need");
            }
            com.fasterxml.jackson.databind.ObjectMapper mapper = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();
            json = mapper.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new UsageError("cannot read parameters from " + file + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
        if (json == null || json.isMissingNode()) throw new UsageError(file + ": the file is empty; expected a JSON object");
        set(layout, theta, json, file.toString());
    }

    /** Applies every field of a JSON object. */
    public static void set(ParameterLayout layout, double[] theta, JsonNode json, String source) {
        if (!json.isObject()) throw new UsageError(source + ": expected a JSON object of parameter values");
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            set(layout, theta, field.getKey(), fromJson(field.getValue(), source + ": " + field.getKey()));
        }
    }

    private static Node.Const fromJson(JsonNode node, String where) {
        if (node.isNumber()) return Node.Const.scalar(node.asDouble());
        if (!node.isArray() || node.isEmpty()) throw new UsageError(where + ": expected a number or an array of numbers");
        if (node.get(0).isArray()) {
            int rows = node.size(), cols = node.get(0).size();
            double[] values = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                JsonNode row = node.get(i);
                if (!row.isArray() || row.size() != cols) throw new UsageError(where + ": rows must have equal lengths");
                for (int j = 0; j < cols; j++) values[i * cols + j] = number(row.get(j), where);
            }
            return new Node.Const(values, dev.policygrad.ir.Shape.matrix(rows, cols), dev.policygrad.ast.Span.NONE);
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) values[i] = number(node.get(i), where);
        return new Node.Const(values, dev.policygrad.ir.Shape.vector(values.length), dev.policygrad.ast.Span.NONE);
    }

    private static double number(JsonNode node, String where) {
        if (!node.isNumber()) throw new UsageError(where + ": expected a number, got " + node);
        return node.asDouble();
    }

    private static final java.util.regex.Pattern ELEMENT =
            java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z_0-9]*)((?:\\[[+-]?[0-9]+\\])+)");

    /**
     * For {@code name} written as an element of a declared block ({@code W[2][0]}) that is not one of
     * its elements, what is wrong: an index out of range, or the wrong number of indices; with the
     * block's shape. Null when {@code name} is not an indexed declared block.
     */
    private static String elementProblem(ParameterLayout layout, String name) {
        java.util.regex.Matcher m = ELEMENT.matcher(name);
        if (!m.matches()) return null;
        ParameterLayout.Block block = layout.block(m.group(1));
        if (block == null) return null;
        String base = block.name();
        dev.policygrad.ir.Shape shape = block.shape();
        String[] written = m.group(2).substring(1, m.group(2).length() - 1).split("\\]\\[");
        if (shape.isScalar()) {
            return "'" + name + "' indexes " + base + ", which is a scalar parameter; set it as " + base + "=VALUE";
        }
        int[] sizes = shape.isVector() ? new int[] {shape.rows()} : new int[] {shape.rows(), shape.cols()};
        String element = base + (sizes.length == 1 ? "[i]" : "[i][j]");
        if (written.length != sizes.length) {
            return "'" + name + "' gives " + written.length + " ind" + (written.length == 1 ? "ex" : "ices") + ", but "
                    + base + " has shape " + shape + ": an element is " + element + " (or set the whole block as "
                    + base + "=VALUE)";
        }
        for (int k = 0; k < sizes.length; k++) {
            long i;
            try {
                i = Long.parseLong(written[k]);
            } catch (NumberFormatException e) {
                i = -1; // more digits than a long: out of range
            }
            if (i < 0 || i >= sizes[k]) {
                return "'" + name + "': index " + written[k] + " is out of range for '" + base + "' of shape " + shape
                        + " (valid: 0.." + (sizes[k] - 1) + ")";
            }
        }
        return null;
    }

    private static String describe(ParameterLayout layout) {
        if (layout.blocks().isEmpty()) return "(none)";
        StringBuilder out = new StringBuilder();
        for (ParameterLayout.Block b : layout.blocks()) {
            out.append(out.length() == 0 ? "" : ", ").append(b.name()).append(b.shape().isScalar() ? "" : b.shape().toString());
        }
        return out.toString();
    }
}
