package dev.policygrad.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON rendering of reports: fields in insertion order; infinities and NaN as strings. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code e^x} as a JSON number: the double {@code Math.exp(x)} where it is a normal double, else the
     * decimal {@code m e+E} with 17 significant digits from x ({@link Exponential}), which a reader with
     * arbitrary precision takes as it is and a reader of doubles as Infinity or 0, never an "Infinity" string.
     */
    public static Object exp(double x) {
        if (Exponential.representable(x)) return Math.exp(x);
        return new RawValue(Exponential.scientific(x, Text.ALL_DIGITS));
    }

    /** {@code {"label": e^x, ...}}, {@link #exp} of each x, in the labels' order. */
    public static Map<String, Object> namedExp(List<String> names, double[] logValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), exp(logValues[i]));
        return out;
    }

    /** {@code {"theta[0]": g0, ...}} in theta's order. */
    public static Map<String, Object> named(List<String> names, double[] values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), values[i]);
        return out;
    }
}
