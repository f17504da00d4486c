package dev.policygrad.train;

import dev.policygrad.check.ParameterLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint belongs to: the policy's name, the task's name, the parameter blocks' shapes,
 * and a SHA-256 fingerprint of the source files' bytes. A run resumed from a checkpoint made for
 * another policy or task would continue someone else's optimizer state on the wrong problem, so a
 * mismatch is an error that lists what differs.
 */
public record RunFingerprint(String policy, String task, List<String> shapes, String source) {

    public RunFingerprint {
        shapes = List.copyOf(shapes);
    }

    /** The fingerprint of a run of {@code policy} on {@code task} from {@code files}. */
    public static RunFingerprint of(String policy, String task, ParameterLayout layout, List<Path> files) {
        List<String> shapes = new ArrayList<>();
        for (ParameterLayout.Block b : layout.blocks()) {
            shapes.add(b.name() + (b.shape().isScalar() ? "" : b.shape().toString()));
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                digest.update(Long.toString(bytes.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                digest.update((byte) 0);
                digest.update(bytes);
            }
            return new RunFingerprint(policy, task, shapes, "sha256:" + HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The differences from {@code other} (the current run), one phrase each; empty when they match. */
    public List<String> differences(RunFingerprint other) {
        List<String> out = new ArrayList<>();
        if (!policy.equals(other.policy)) out.add("policy '" + policy + "', not '" + other.policy + "'");
        if (!task.equals(other.task)) out.add("task '" + task + "', not '" + other.task + "'");
        if (!shapes.equals(other.shapes)) out.add("parameters " + shapes + ", not " + other.shapes);
        if (out.isEmpty() && !source.equals(other.source)) out.add("source files that have since changed");
        return out;
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", policy);
        out.put("task", task);
        out.put("shapes", shapes);
        out.put("source", source);
        return out;
    }
}
