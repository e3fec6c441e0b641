package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.Recording;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes JSON Lines of recordings, one {@link JsonLine} each: whole streams and whole
 * files. A file is written next to its destination and moved into place, so a reader never sees
 * half of it; a stream is read whole or not at all. Stateless and thread-safe.
 */
public final class JsonLinesCodec {

    /** The temporary file's name: hidden, fixed length (34 characters), recognisable if left over. */
    private static final String TEMPORARY_NAME = ".smarttracer-%016x.part";
    private static final Comparator<Call> TIME_ORDER = Comparator.comparing(Call::timestamp);

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
            out.write(JsonLine.write(call));
            out.write('\n');
        }
    }

    /**
     * Writes recordings to a writer: their events merged oldest first (by timestamp; events of
     * the same instant keep the recordings' order), each finished recording's {@code TRACE_END}
     * line right after its last event, and the ends of finished recordings that kept no event
     * last.
     *
     * @param recordings the recordings, in the order their traces first recorded
     * @param out the destination, left open
     * @return how many events were written
     * @throws IOException if writing fails
     */
    public static long writeRecordings(List<Recording> recordings, Writer out) throws IOException {
        List<Call> events = new ArrayList<>();
        Map<Long, Recording> finished = new HashMap<>();
        Map<Long, Integer> unwritten = new HashMap<>();
        List<Recording> withoutEvents = new ArrayList<>();
        for (Recording recording : recordings) {
            events.addAll(recording.calls());
            if (recording.stopReason() == null) {
                continue;
            }
            if (recording.calls().isEmpty()) {
                withoutEvents.add(recording);
            } else {
                finished.put(recording.traceId(), recording);
                unwritten.put(recording.traceId(), recording.calls().size());
            }
        }
        events.sort(TIME_ORDER);
        for (Call call : events) {
            out.write(JsonLine.write(call));
            out.write('\n');
            Recording recording = finished.get(call.traceId());
            if (recording != null && unwritten.merge(call.traceId(), -1, Integer::sum) == 0) {
                writeEnd(recording, out);
            }
        }
        for (Recording recording : withoutEvents) {
            writeEnd(recording, out);
        }
        return events.size();
    }

    private static void writeEnd(Recording recording, Writer out) throws IOException {
        out.write(JsonLine.write(TraceEnd.of(recording)));
        out.write('\n');
    }

    /**
     * Reads a file whole; see {@link #read(Reader, String)}.
     *
     * @param file the file
     * @return its events and trace ends
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Content readFile(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Reads a stream whole; blank lines are skipped. Besides each line being well formed, a
     * trace ends at most once, and none of its events follows its end.
     *
     * @param in the text, not closed
     * @param source what to call it in error messages, e.g. a file name
     * @return its events and trace ends
     * @throws IllegalArgumentException naming the source, the line and what is wrong with it
     * @throws IOException if reading fails
     */
    public static Content read(Reader in, String source) throws IOException {
        BufferedReader lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        List<Call> calls = new ArrayList<>();
        List<TraceEnd> ends = new ArrayList<>();
        Map<Long, Long> endedAtLine = new HashMap<>();
        long number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Object read;
            try {
                read = JsonLine.read(line);
            } catch (IllegalArgumentException malformed) {
                // A MalformedJsonException's message starts with its column.
                throw new IllegalArgumentException(source + " line " + number
                        + (malformed instanceof MalformedJsonException ? ", " : ": ") + malformed.getMessage()
                        + "; nothing was imported", malformed);
            }
            if (read instanceof TraceEnd end) {
                Long earlier = endedAtLine.putIfAbsent(end.traceId(), number);
                if (earlier != null) {
                    throw new IllegalArgumentException(source + " line " + number + ": trace " + end.traceId()
                            + " already ended at line " + earlier + "; a trace has one TRACE_END line"
                            + "; nothing was imported");
                }
                ends.add(end);
            } else {
                Call call = (Call) read;
                Long ended = endedAtLine.get(call.traceId());
                if (ended != null) {
                    throw new IllegalArgumentException(source + " line " + number + ": trace " + call.traceId()
                            + " ended at line " + ended + "; its events come before its TRACE_END line"
                            + "; nothing was imported");
                }
                calls.add(call);
            }
        }
        return new Content(calls, ends);
    }

    /**
     * What a JSON Lines text holds.
     *
     * @param calls the events, in the text's order
     * @param ends how finished traces ended, in the text's order
     */
    public record Content(List<Call> calls, List<TraceEnd> ends) {

        /** Copies the lists. */
        public Content {
            calls = List.copyOf(calls);
            ends = List.copyOf(ends);
        }
    }
}
