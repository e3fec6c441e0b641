package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes JSON Lines of recorded calls, one {@link CallJson} line each: whole streams
 * and whole files. A file is written next to its destination and moved into place, so a reader
 * never sees half of it; a stream is read whole or not at all. Stateless and thread-safe.
 */
public final class JsonLinesCodec {

    /** The temporary file's name: hidden, fixed length (35 characters), recognisable if left over. */
    private static final String TEMPORARY_NAME = ".smarttracer-%016x.part";

    private JsonLinesCodec() {
    }

    /**
     * Writes events to a file, atomically.
     *
     * @param calls the events
     * @param file the destination; replaced if it exists
     * @return how many events were written
     * @throws UncheckedIOException if the file cannot be written
     */
    public static long writeFile(List<Call> calls, Path file) {
        return writeFile(file, out -> {
            write(calls, out);
            return calls.size();
        });
    }

    /**
     * Writes a file atomically: the text goes to a temporary file in the same directory, which is
     * then moved over the destination. The new file has the permissions of any new file (the
     * process's umask applies); a replaced file's permissions are not kept.
     *
     * @param file the destination; replaced if it exists
     * @param body writes the text and says how many events it wrote
     * @return what {@code body} returned
     * @throws UncheckedIOException if the file cannot be written, e.g. it is a directory or its
     *     directory does not exist
     */
    public static long writeFile(Path file, Body body) {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || Files.isDirectory(absolute)) {
            throw new UncheckedIOException("cannot write " + absolute + ": it is a directory; name a file in it,"
                    + " such as " + absolute.resolve("calls.jsonl"),
                    new FileSystemException(absolute.toString(), null, "is a directory"));
        }
        if (!Files.isDirectory(directory)) {
            throw new UncheckedIOException("cannot write " + absolute + ": directory " + directory
                    + " does not exist; create it first", new NoSuchFileException(directory.toString()));
        }
        Path temporary = null;
        try {
            temporary = createTemporary(directory);
            long written;
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                written = body.writeTo(out);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + absolute + ": " + e, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    temporary.toFile().deleteOnExit();
                }
            }
        }
    }

    /**
     * Creates an empty temporary file with default permissions. Its name has a fixed, short
     * length, so any destination name the file system accepts works; Files.createTempFile would
     * both lengthen the destination's name and make the file readable by its owner only.
     */
    private static Path createTemporary(Path directory) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path candidate = directory.resolve(String.format(Locale.ROOT, TEMPORARY_NAME,
                    ThreadLocalRandom.current().nextLong()));
            try {
                Files.newByteChannel(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 10) {
                    throw taken;
                }
            }
        }
    }

    /** Writes the text of a file. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the text.
         *
         * @param out where to write, buffered; closed by the caller
         * @return how many events were written
         * @throws IOException if writing fails
         */
        long writeTo(Writer out) throws IOException;
    }

    /**
     * Writes events to a writer, one line each, each ended by {@code \n}.
     *
     * @param calls the events
     * @param out the destination, left open
     * @throws IOException if writing fails
     */
    public static void write(List<Call> calls, Writer out) throws IOException {
        for (Call call : calls) {
            out.write(CallJson.write(call));
            out.write('\n');
        }
    }

    /**
     * Reads a file whole.
     *
     * @param file the file
     * @return the calls, in file order
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Call> readFile(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream whole; blank lines are skipped.
     *
     * @param in the text, not closed
     * @param source what to call it in error messages, e.g. a file name
     * @return the calls, in order
     * @throws IllegalArgumentException naming the source, the line and what is wrong with it
     * @throws IOException if reading fails
     */
    public static List<Call> read(Reader in, String source) throws IOException {
        BufferedReader lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        List<Call> calls = new ArrayList<>();
        long number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                calls.add(CallJson.read(line));
            } catch (IllegalArgumentException malformed) {
                // A MalformedJsonException's message starts with its column.
                throw new IllegalArgumentException(source + " line " + number
                        + (malformed instanceof MalformedJsonException ? ", " : ": ") + malformed.getMessage()
                        + "; nothing was imported", malformed);
            }
        }
        return List.copyOf(calls);
    }
}
