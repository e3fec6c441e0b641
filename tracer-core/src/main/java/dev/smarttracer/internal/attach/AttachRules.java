package dev.smarttracer.internal.attach;

import java.util.List;
import java.util.Optional;

/**
 * The rules for loading an agent into a running JVM safely, in one place for the in-process
 * engine (about its own JVM) and the command line (about a target): whether the JVM handles
 * SIGQUIT, which starts its attach listener and otherwise ends it, and whether a late agent
 * makes it discard its compiled code (JDK-8324241). Whether attach is disabled is read from the
 * JVM's {@link PerfData}.
 *
 * <p>Stateless.
 */
public final class AttachRules {

    private static final long SIGQUIT_MASK = 1L << (3 - 1);
    /** The first HotSpot release that keeps its compiled code when an agent arrives late. */
    private static final int KEEPS_COMPILED_CODE_FROM = 23;

    private AttachRules() {
    }

    /**
     * Tells from a JVM's {@code /proc/<pid>/status} whether it handles SIGQUIT: caught and not
     * ignored. A JVM started with {@code -Xrs} does not, and the signal would end it.
     *
     * @param procStatus the lines of {@code /proc/<pid>/status}
     * @return whether it does, or empty if the lines do not say
     */
    public static Optional<Boolean> handlesSigquit(List<String> procStatus) {
        Long caught = null;
        Long ignored = null;
        for (String line : procStatus) {
            if (line.startsWith("SigCgt:")) {
                caught = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            } else if (line.startsWith("SigIgn:")) {
                ignored = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        if (caught == null) {
            return Optional.empty();
        }
        return Optional.of((caught & SIGQUIT_MASK) != 0 && (ignored == null || (ignored & SIGQUIT_MASK) == 0));
    }

    /**
     * Tells whether a JVM discards all its compiled code when the first agent arrives after
     * start-up (JDK-8324241): HotSpot before JDK 23.
     *
     * @param vmName the JVM's {@code java.vm.name}
     * @param javaFeature its Java feature release, e.g. 17
     * @return whether it does
     */
    public static boolean discardsCompiledCodeOnLateAgent(String vmName, int javaFeature) {
        boolean hotSpot = vmName.contains("HotSpot") || vmName.contains("OpenJDK");
        return hotSpot && javaFeature < KEEPS_COMPILED_CODE_FROM;
    }
}
