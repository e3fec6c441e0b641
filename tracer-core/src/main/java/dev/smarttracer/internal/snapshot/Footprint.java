package dev.smarttracer.internal.snapshot;

import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;

/**
 * What an event keeps on the heap while it waits for its handler, estimated from above: the event
 * and the {@code Call} it becomes, and the snapshots it holds. A trace's queue room is counted in
 * these bytes as well as in events ({@code Limiter}), so that calls whose arguments are long strings
 * fill a trace's room long before their number does.
 *
 * <p>Each snapshot is counted at what it holds alone: a string at two bytes a character (an upper
 * bound, whatever its coder), a {@link Rendered} at its text and type name, a boxed value or an enum constant's
 * {@code EnumValue} at one small object (its names are the class's own strings). A string the
 * application still holds is counted too: the event keeps it alive however long it waits.
 *
 * <p>Computed on the calling thread from the snapshots it has just made, in a loop over the
 * arguments without allocating; stateless.
 */
public final class Footprint {

    /** An event and the {@code Call} it becomes, with their clock and argument list objects. */
    public static final long EVENT = 256;
    /** Each argument's slot in the event's arrays. */
    public static final long PER_ARGUMENT = 8;
    /** Each caller frame of a call traced with its callers, and the {@code CallerFrame} it becomes. */
    public static final long PER_FRAME = 128;
    /**
     * What a call's start reserves for its end's event besides {@link #EVENT}: a return value or an
     * exception up to this size costs its exit nothing more; a larger one is charged there.
     */
    public static final long SMALL_END = 256;
    /** What a call's start reserves for its end's event: {@link #EVENT} and {@link #SMALL_END}. */
    public static final long END_RESERVE = EVENT + SMALL_END;

    private static final long OBJECT = 16;
    private static final long STRING = 40;
    private static final long RENDERED = 24 + STRING;
    private static final long EXCEPTION = 32;

    private Footprint() {
    }

    /**
     * Returns the bytes of a CALL event holding these argument snapshots and caller frames.
     *
     * @param arguments the arguments' snapshots
     * @param frames how many caller frames the event holds
     */
    public static long call(Object[] arguments, int frames) {
        long bytes = EVENT + frames * PER_FRAME;
        for (Object argument : arguments) {
            bytes += PER_ARGUMENT + of(argument);
        }
        return bytes;
    }

    /**
     * Returns the bytes of a RETURN or EXCEPTION event.
     *
     * @param returned the return value's snapshot, or {@code null}
     * @param raised what the exception says, or {@code null} for a return
     */
    public static long end(Object returned, ExceptionInfo raised) {
        if (raised != null) {
            String message = raised.message();
            return EVENT + EXCEPTION + (message == null ? 0 : STRING + 2L * message.length());
        }
        return EVENT + of(returned);
    }

    /** Returns the bytes one snapshot value holds. */
    static long of(Object snapshot) {
        if (snapshot instanceof String s) {
            return STRING + 2L * s.length();
        }
        if (snapshot instanceof Rendered rendered) {
            // An array's type name is made anew for each rendering: counted, as if it always were.
            return RENDERED + STRING + 2L * (rendered.text().length() + rendered.type().length());
        }
        return snapshot == null ? 0 : OBJECT;
    }
}
