package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.files.FileErrors;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run's metric rows, one per iteration in order, appended as iterations complete: to a file, as the
 * metrics CSV's header line and rows ({@link Metrics#csvLine}), so that a long run holds none of them in
 * memory; or, for runs made from Java, in memory. A log also counts its rows and the bytes they make as
 * CSV, and keeps the SHA-256 of those bytes, so that a checkpoint names the rows it was taken after (a
 * {@link Snapshot}: how many, how many bytes, their digest) without copying them, and a resumed run
 * finds them again, checked, in the file beside the checkpoint ({@link #besideCheckpoint}).
 *
 * <p>The file only grows while a run goes on; rows written after the last checkpoint (by a run that
 * was then killed) are cut off when that checkpoint is resumed in place, so the file always begins with
 * the rows of every checkpoint that refers to it. Its bytes are the CSV's: {@code train --csv} is the
 * run's {@code # key = value} lines followed by them, copied.
 */
public abstract class MetricLog implements Closeable {

    /** The first line of every log, and of the metrics CSV after its comment lines. */
    static final byte[] HEADER = (Metrics.CSV_HEADER + "\n").getBytes(StandardCharsets.UTF_8);

    /**
     * The first {@code rows} rows of {@code log}, as they stood when a checkpoint was taken: the rows
     * that follow are appended later and are not part of it.
     *
     * @param bytes  the header line and those rows as CSV, in bytes
     * @param sha256 the SHA-256 of those bytes, in hexadecimal
     * @param last   the last of those rows, or null when there are none
     */
    public record Snapshot(MetricLog log, int rows, long bytes, String sha256, MetricRow last) {

        /** The rows, read back (into memory: for a plot, or for runs made from Java). */
        public List<MetricRow> read() {
            List<MetricRow> out = new ArrayList<>(rows);
            log.each(this, out::add);
            return out;
        }

        /** Writes the header line and the rows as CSV: {@link #bytes} bytes. */
        public void writeTo(OutputStream out) throws IOException {
            log.copy(this, out);
        }
    }

    private int rows;
    private long bytes;
    private MessageDigest digest;
    private MetricRow last;

    MetricLog() {
        digest = sha256();
        count(HEADER);
    }

    /** Rows kept in memory, for runs made from Java. */
    public static MetricLog inMemory() {
        return new InMemory(true);
    }

    /** Only the count and the last row are kept: for a run whose rows nothing reads. */
    public static MetricLog lastOnly() {
        return new InMemory(false);
    }

    /** Rows appended to {@code file}, which is created (or emptied) with the header line. */
    public static MetricLog onFile(Path file) {
        return OnFile.create(file, false);
    }

    /** As {@link #onFile}, in a temporary file that {@link #close} deletes. */
    public static MetricLog temporary() {
        try {
            Path file = Files.createTempFile("policygrad-metrics-", ".csv");
            file.toFile().deleteOnExit();  // should the run be stopped before it closes the log
            return OnFile.create(file, true);
        } catch (IOException e) {
            throw new UsageError("cannot create a temporary file for the metric rows: " + FileErrors.reason(e));
        }
    }

    /**
     * The log of a run resumed from a checkpoint whose rows are {@code from}, its rows written to {@code
     * file}: {@code from}'s own file continued in place when it is {@code file} (the rows that follow
     * {@code from}'s, written after the checkpoint was taken, are cut off), else {@code file} created
     * with a copy of them.
     */
    public static MetricLog continuing(Snapshot from, Path file) {
        if (from.log() instanceof OnFile stored && stored.isAt(file)) return stored.continueInPlace(from);
        return onFile(file).startingWith(from);
    }

    /**
     * This log, still empty, given {@code from}'s rows (read one at a time, never all at once); it is
     * closed if that fails.
     */
    public MetricLog startingWith(Snapshot from) {
        if (size() != 0) throw new IllegalStateException("a log that has rows cannot start with others");
        try {
            from.log().each(from, this::append);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * The rows of a checkpoint written beside it in {@code file}: the header line and {@code rows} rows
     * making {@code bytes} bytes whose SHA-256 is {@code sha256}, checked; the file may go on (rows
     * written after the checkpoint). An IllegalArgumentException says how the file differs.
     */
    static MetricLog stored(Path file, int rows, long bytes, String sha256) throws IOException {
        return OnFile.stored(file, rows, bytes, sha256);
    }

    /** The file in which the rows of a checkpoint written to {@code checkpoint} are kept: {@code NAME.metrics.csv} beside it. */
    public static Path besideCheckpoint(Path checkpoint) {
        Path file = AtomicWrite.resolveLinks(checkpoint);
        return file.resolveSibling(file.getFileName() + ".metrics.csv");
    }

    /** Appends iteration {@code size() + 1}'s row. A file that cannot be written is a UsageError. */
    public final synchronized void append(MetricRow row) {
        if (row.iteration() != rows + 1) {
            throw new IllegalArgumentException("row of iteration " + row.iteration() + " after " + rows + " rows");
        }
        byte[] line = Metrics.csvLine(row).getBytes(StandardCharsets.UTF_8);
        store(row, line);
        count(line);
        rows++;
        last = row;
    }

    private void count(byte[] line) {
        digest.update(line);
        bytes += line.length;
    }

    /** The rows appended so far. */
    public final synchronized int size() {
        return rows;
    }

    /** The last row, or null before the first. */
    public final synchronized MetricRow last() {
        return last;
    }

    /** The rows so far, for a checkpoint; what is appended afterwards is not part of it. */
    public final synchronized Snapshot snapshot() {
        try {
            String hex = HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            return new Snapshot(this, rows, bytes, hex, last);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be taken part-way here", e);
        }
    }

    /** Every row so far, read back into memory. */
    public List<MetricRow> rows() {
        return snapshot().read();
    }

    /**
     * Makes {@code snapshot}'s rows (of this log) the content of {@code file}: nothing to do but write out
     * what is buffered when this log is that file; else the rows are copied there, atomically.
     */
    void keepAt(Path file, Snapshot snapshot) {
        AtomicWrite.write(file, snapshot::writeTo);
    }

    /** Where the rows are written, or null in memory. */
    public Path file() {
        return null;
    }

    /** Keeps {@code row}, whose CSV line is {@code line}. */
    abstract void store(MetricRow row, byte[] line);

    /** Gives {@code consumer} each row of {@code snapshot}, in order. */
    abstract void each(Snapshot snapshot, Consumer<MetricRow> consumer);

    /** Writes {@code snapshot}'s header line and rows as CSV. */
    abstract void copy(Snapshot snapshot, OutputStream out) throws IOException;

    /** Releases the file (a temporary one is deleted); the rows can no longer be appended or read. */
    @Override
    public void close() {}

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows in memory, or none but the count and the last. */
    private static final class InMemory extends MetricLog {
        private final List<MetricRow> kept;

        InMemory(boolean keep) {
            kept = keep ? new ArrayList<>() : null;
        }

        @Override
        void store(MetricRow row, byte[] line) {
            if (kept != null) kept.add(row);
        }

        @Override
        synchronized void each(Snapshot snapshot, Consumer<MetricRow> consumer) {
            if (kept == null && snapshot.rows() > 0) throw new IllegalStateException("this log keeps no rows");
            for (int i = 0; i < snapshot.rows(); i++) consumer.accept(kept.get(i));
        }

        @Override
        void copy(Snapshot snapshot, OutputStream out) throws IOException {
            List<MetricRow> rows = snapshot.read();
            out.write(HEADER);
            for (MetricRow row : rows) out.write(Metrics.csvLine(row).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Rows in a file, written through a buffer and read back from the start. The file is made when the
     * first row (or a checkpoint) needs it, so a run that fails before its first iteration leaves none.
     */
    private static final class OnFile extends MetricLog {

        /** Not made yet; open for appending; counting a checkpoint's rows as they are read; read only; closed. */
        private enum State { NEW, OPEN, READING, SEALED, CLOSED }

        private final Path path;
        private final boolean temporary;
        private State state;
        private FileChannel channel;
        private OutputStream out;

        private OnFile(Path path, boolean temporary, State state) {
            this.path = path;
            this.temporary = temporary;
            this.state = state;
        }

        static OnFile create(Path path, boolean temporary) {
            return new OnFile(path, temporary, State.NEW);
        }

        /** Makes the file, with the header line, if it is not made yet. */
        private void make() {
            if (state != State.NEW) return;
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
                out.write(HEADER);
            } catch (IOException e) {
                throw new UsageError("cannot write the metric rows to " + path + ": " + FileErrors.reason(e));
            }
        }

        private void open(StandardOpenOption... options) throws IOException {
            List<java.nio.file.OpenOption> all = new ArrayList<>(List.of(options));
            all.add(StandardOpenOption.WRITE);
            channel = FileChannel.open(path, all.toArray(new java.nio.file.OpenOption[0]));
            channel.position(channel.size());
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            state = State.OPEN;
        }

        /**
         * The log in {@code path}, read and checked up to the given rows; read only. Each line must be the
         * bytes policygrad writes for its row, so that the rows' bytes are the file's and a run continued
         * in place cuts the file exactly after them.
         */
        static OnFile stored(Path path, int rows, long bytes, String sha256) throws IOException {
            OnFile log = new OnFile(path, false, State.READING);
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path))) {
                byte[] header = line(in);
                if (header == null || !java.util.Arrays.equals(header, HEADER)) {
                    throw new IllegalArgumentException("it does not begin with the header line " + Metrics.CSV_HEADER);
                }
                for (int k = 1; k <= rows; k++) {
                    byte[] line = line(in);
                    if (line == null || line[line.length - 1] != '\n') {
                        throw new IllegalArgumentException("it has " + (k - 1) + " rows, not " + rows);
                    }
                    String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
                    MetricRow row;
                    try {
                        row = Metrics.parseCsvLine(text);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("line " + (k + 1) + " is not a row of metrics (" + e.getMessage() + ")");
                    }
                    if (row.iteration() != k) {
                        throw new IllegalArgumentException("line " + (k + 1) + " is the row of iteration " + row.iteration()
                                + ", not " + k);
                    }
                    if (!java.util.Arrays.equals(line, Metrics.csvLine(row).getBytes(StandardCharsets.UTF_8))) {
                        throw new IllegalArgumentException("line " + (k + 1) + " is not written as policygrad writes its row");
                    }
                    log.append(row);
                }
            }
            log.state = State.SEALED;
            Snapshot read = log.snapshot();
            if (read.bytes() != bytes || !read.sha256().equals(sha256)) {
                throw new IllegalArgumentException("its first " + rows + " rows are not those the checkpoint was written "
                        + "with (their SHA-256 differs)");
            }
            return log;
        }

        /** The next line with its line feed (without one at the end of the file), or null at the end. */
        private static byte[] line(InputStream in) throws IOException {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(96);
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') break;
            }
            return line.size() == 0 ? null : line.toByteArray();
        }

        boolean isAt(Path file) {
            try {
                if (Files.exists(path) && Files.exists(file)) return Files.isSameFile(path, file);
            } catch (IOException e) {
                // compared by name below
            }
            return path.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
        }

        /** This checkpoint's log, open for appending after {@code from}'s rows: what follows them is cut off. */
        synchronized MetricLog continueInPlace(Snapshot from) {
            if (state != State.SEALED || from.log() != this || from.rows() != size()) {
                throw new IllegalStateException("not the end of a checkpoint's rows");
            }
            try {
                open();
                channel.truncate(from.bytes());
                channel.position(from.bytes());
            } catch (IOException e) {
                close();
                throw new UsageError("cannot write the metric rows to " + path + ": " + FileErrors.reason(e));
            }
            return this;
        }

        @Override
        void store(MetricRow row, byte[] line) {
            switch (state) {
                case READING -> {
                    return;  // a checkpoint's rows, counted as they are read
                }
                case SEALED -> throw new IllegalStateException("the rows of a checkpoint are read, not appended to");
                case CLOSED -> throw new IllegalStateException("the log of " + path + " is closed");
                default -> make();
            }
            try {
                out.write(line);
            } catch (IOException e) {
                throw new UsageError("cannot write the metric rows to " + path + ": " + FileErrors.reason(e));
            }
        }

        @Override
        void each(Snapshot snapshot, Consumer<MetricRow> consumer) {
            flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                    StandardCharsets.UTF_8))) {
                in.readLine();
                for (int k = 0; k < snapshot.rows(); k++) consumer.accept(Metrics.parseCsvLine(in.readLine()));
            } catch (IOException e) {
                throw new UsageError("cannot read the metric rows in " + path + ": " + FileErrors.reason(e));
            }
        }

        @Override
        void copy(Snapshot snapshot, OutputStream target) throws IOException {
            flush();
            try (InputStream in = Files.newInputStream(path)) {
                byte[] buffer = new byte[1 << 16];
                long left = snapshot.bytes();
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) throw new IOException(path + " ended before its " + snapshot.rows() + " rows");
                    target.write(buffer, 0, n);
                    left -= n;
                }
            }
        }

        @Override
        void keepAt(Path file, Snapshot snapshot) {
            if (isAt(file)) {
                flush();
            } else {
                super.keepAt(file, snapshot);
            }
        }

        /** Makes the file if need be and writes out what the buffer holds (a crash of the process then loses none of it). */
        private synchronized void flush() {
            if (state == State.NEW) make();
            if (state != State.OPEN) return;
            try {
                out.flush();
            } catch (IOException e) {
                throw new UsageError("cannot write the metric rows to " + path + ": " + FileErrors.reason(e));
            }
        }

        @Override
        public Path file() {
            return path;
        }

        @Override
        public synchronized void close() {
            try {
                if (out != null) out.close();
            } catch (IOException e) {
                if (!temporary) throw new UsageError("cannot write the metric rows to " + path + ": " + FileErrors.reason(e));
            } finally {
                out = null;
                channel = null;
                state = State.CLOSED;
                if (temporary) {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException ignored) {
                        // a temporary file in the system's directory; nothing else refers to it
                    }
                }
            }
        }
    }
}
