package dev.policygrad.train;

import dev.policygrad.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run needs to be reproduced and compared: the command line that started it, the policygrad
 * version, the seed and every setting (the defaults included). Written at the top of metrics CSV
 * files as {@code # key = value} comment lines, as CmdStan heads its output CSV, and into every
 * checkpoint under {@code "run"}.
 *
 * @param commandLine the command as typed, arguments quoted where they need it
 * @param settings    every setting by name ({@code optimizer}, {@code learning_rate}, ...), in a fixed order
 */
public record RunRecord(String commandLine, String version, long seed, Map<String, String> settings) {

    public RunRecord {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public static RunRecord of(List<String> arguments, long seed, Map<String, String> settings) {
        List<String> quoted = new ArrayList<>(List.of("policygrad"));
        for (String a : arguments) quoted.add(a.matches("[A-Za-z0-9_./=:,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        return new RunRecord(String.join(" ", quoted), Version.NUMBER, seed, settings);
    }

    /** The comment lines heading a metrics CSV file, each ending in a newline. */
    public String csvComments() {
        StringBuilder out = new StringBuilder();
        out.append("# policygrad = ").append(version).append('\n');
        out.append("# command = ").append(commandLine.replace('\n', ' ')).append('\n');
        out.append("# seed = ").append(seed).append('\n');
        for (Map.Entry<String, String> e : settings.entrySet()) {
            out.append("# ").append(e.getKey()).append(" = ").append(e.getValue().replace('\n', ' ')).append('\n');
        }
        return out.toString();
    }

    /** The record as a JSON object for checkpoints. */
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", commandLine);
        out.put("version", version);
        out.put("seed", seed);
        out.put("settings", settings);
        return out;
    }
}
