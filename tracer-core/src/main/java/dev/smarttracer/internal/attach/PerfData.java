package dev.smarttracer.internal.attach;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a HotSpot JVM publishes about itself in its performance data file
 * ({@code /tmp/hsperfdata_<user>/<pid>}, the file {@code jps} and {@code jstat} read), read
 * without attaching to it: its Java version, VM name, main class and whether its attach
 * mechanism is on. Only string entries are read. Read by the command line about a target, and
 * by the in-process engine about its own JVM. A JVM without the file
 * ({@code -XX:-UsePerfData}) reads as knowing nothing.
 *
 * <p>Immutable.
 */
public final class PerfData {

    private static final int MAGIC = 0xcafec0c0;
    private static final int MAX_FILE = 1 << 22;

    private final Map<String, String> strings;

    private PerfData(Map<String, String> strings) {
        this.strings = strings;
    }

    /**
     * Reads the performance data of the JVM with a pid, wherever its user's directory is.
     *
     * @param tmp the JVM's {@code /tmp}, as reached from here
     * @param pid the JVM's pid, as it sees itself
     * @return what it publishes, possibly nothing
     */
    public static PerfData of(Path tmp, long pid) {
        try (DirectoryStream<Path> users = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
            for (Path user : users) {
                Path file = user.resolve(Long.toString(pid));
                if (Files.isRegularFile(file)) {
                    return read(file);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // nothing known
        }
        return new PerfData(Map.of());
    }

    /**
     * Reads one performance data file.
     *
     * @param file the file
     * @return its string entries, or nothing if it is not such a file
     */
    public static PerfData read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE) {
                return new PerfData(Map.of());
            }
            return new PerfData(parse(ByteBuffer.wrap(Files.readAllBytes(file))));
        } catch (IOException | RuntimeException unreadable) {
            return new PerfData(Map.of());
        }
    }

    private static Map<String, String> parse(ByteBuffer data) {
        Map<String, String> strings = new HashMap<>();
        if (data.getInt(0) != MAGIC) {
            return strings;
        }
        data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entry = data.getInt(24);
        int entries = data.getInt(28);
        for (int i = 0; i < entries && entry > 0 && entry + 20 <= data.limit(); i++) {
            int length = data.getInt(entry);
            int nameOffset = data.getInt(entry + 4);
            int vectorLength = data.getInt(entry + 8);
            byte type = data.get(entry + 12);
            int dataOffset = data.getInt(entry + 16);
            if (length <= 0) {
                break;
            }
            if (type == 'B' && vectorLength > 0 && entry + dataOffset + vectorLength <= data.limit()) {
                strings.put(cString(data, entry + nameOffset, entry + length),
                        cString(data, entry + dataOffset, entry + dataOffset + vectorLength));
            }
            entry += length;
        }
        return strings;
    }

    private static String cString(ByteBuffer data, int from, int to) {
        int end = from;
        while (end < Math.min(to, data.limit()) && data.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - from];
        data.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Returns the JVM's Java version, e.g. {@code 17.0.15}, or {@code ?}. */
    public String javaVersion() {
        return strings.getOrDefault("java.property.java.version", "?");
    }

    /** Returns the JVM's main class (or jar) and arguments, or an empty string. */
    public String command() {
        return strings.getOrDefault("sun.rt.javaCommand", "");
    }

    /** Tells whether the JVM says whether its attach mechanism is on. */
    public boolean knowsAttach() {
        String capabilities = strings.get("sun.rt.jvmCapabilities");
        return capabilities != null && !capabilities.isEmpty();
    }

    /** Tells whether the JVM says its attach mechanism is off ({@code -XX:+DisableAttachMechanism}). */
    public boolean attachDisabled() {
        String capabilities = strings.get("sun.rt.jvmCapabilities");
        return capabilities != null && !capabilities.isEmpty() && capabilities.charAt(0) == '0';
    }
}
