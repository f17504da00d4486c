package dev.policygrad.cli;

import dev.policygrad.diag.UsageError;
import dev.policygrad.render.Text;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The lines of {@code sample}'s file as they come, a chunk at a time: each line in UTF-8 and a line
 * feed, through a buffer. As the file grows its final size is projected from the lines written so far
 * (after 1, 2, 4, 8, ... chunks), and a file that cannot fit in the space left where it is written is an
 * error then, after a few episodes, rather than after hours: the projection takes, as the size of each
 * episode still to come, a low estimate, the mean size so far less three standard errors (and at least
 * the shortest line), so that it refuses only files that do not fit by a clear margin; one that fills
 * the disk all the same fails when the write does.
 */
final class SampleWriter {

    private final OutputStream out;
    private final long expected;
    private final LongSupplier usableSpace;
    private final String target;
    private long lines;
    private long bytes;
    private long shortest = Long.MAX_VALUE;
    private double mean;
    private double squares;
    private long chunks;
    private long nextCheck = 1;

    /**
     * @param expected    the lines the file will hold in all
     * @param usableSpace the bytes free where the file is written (a negative number when not known)
     * @param target      the file, for messages
     */
    SampleWriter(OutputStream out, long expected, LongSupplier usableSpace, String target) {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.expected = expected;
        this.usableSpace = usableSpace;
        this.target = target;
    }

    /** Writes one chunk's lines, in order. */
    void write(List<String> chunk) throws IOException {
        for (String line : chunk) {
            byte[] encoded = line.getBytes(StandardCharsets.UTF_8);
            out.write(encoded);
            out.write('\n');
            count(encoded.length + 1);
        }
        if (++chunks == nextCheck) {
            nextCheck *= 2;
            checkSpace();
        }
    }

    /** Writes out what the buffer holds; the file is complete. */
    void finish() throws IOException {
        out.flush();
    }

    /** Welford's update of the mean line size and the sum of squared deviations. */
    private void count(long size) {
        lines++;
        bytes += size;
        shortest = Math.min(shortest, size);
        double delta = size - mean;
        mean += delta / lines;
        squares += delta * (size - mean);
    }

    private void checkSpace() {
        long remaining = expected - lines;
        if (lines < 2 || remaining <= 0) return;
        long free = usableSpace.getAsLong();
        if (free < 0) return;
        double standardError = Math.sqrt(squares / (lines - 1) / lines);
        double low = Math.max(shortest, mean - 3 * standardError);
        if (low * remaining <= free) return;
        throw new UsageError("--episodes " + expected + " would write about " + size(bytes + mean * remaining)
                + " to " + target + " (" + size(mean) + " an episode over the first " + lines + "), but only "
                + size(free) + " are free on its file system; sample fewer episodes (about " + (lines + (long) (free / mean))
                + " fit), or write elsewhere");
    }

    /** A size in bytes with the decimal prefixes: {@code 512 bytes}, {@code 1.13 MB}, {@code 24.7 TB}. */
    static String size(double bytes) {
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        if (bytes < 999.5) return Text.number(Math.rint(bytes), 3) + " bytes";
        int u = -1;
        double x = bytes;
        while (x >= 999.5 && u < units.length - 1) {
            x /= 1000;
            u++;
        }
        return Text.number(x, 3) + " " + units[u];
    }
}
