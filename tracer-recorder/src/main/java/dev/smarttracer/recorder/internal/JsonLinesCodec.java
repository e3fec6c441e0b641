package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes JSON Lines of recorded calls, one {@link CallJson} line each: whole streams
 * and whole files. A file is written next to its destination and moved into place, so a reader
 * never sees half of it; a stream is read whole or not at all. Stateless and thread-safe.
 */
public final class JsonLinesCodec {

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
        Path absolute = file.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                write(calls, out);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return calls.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + absolute + ": " + e.getMessage(), e);
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
                throw new IllegalArgumentException(source + " line " + number + ": " + malformed.getMessage()
                        + "; nothing was imported", malformed);
            }
        }
        return List.copyOf(calls);
    }
}
