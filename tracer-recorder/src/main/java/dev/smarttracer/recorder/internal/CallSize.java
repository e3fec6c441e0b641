package dev.smarttracer.recorder.internal;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallerFrame;
import dev.smarttracer.recorder.EnumValue;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;

/**
 * Estimates the heap a recorded {@link Call} keeps alive, for the recorder's byte bound. Errs
 * high, assuming a 64-bit JVM with compressed pointers: object headers, fields, arrays and each
 * string's bytes (one per character when all fit in Latin-1, else two). Strings a call shares
 * with its method (class, method and descriptor names) are not counted. Stateless.
 */
public final class CallSize {

    /** The call, its timestamp, its argument list (wrapper, list, array) and the store's slots. */
    private static final long CALL = 96 + 24 + 16 + 24 + 16 + 8 + 8;

    private CallSize() {
    }

    /**
     * Estimates one call.
     *
     * @param call the call
     * @return approximate bytes it retains
     */
    public static long of(Call call) {
        long bytes = CALL + 4L * call.args().size();
        for (Object arg : call.args()) {
            bytes += value(arg);
        }
        bytes += value(call.returnValue());
        ExceptionInfo exception = call.exception();
        if (exception != null) {
            bytes += 16 + string(exception.type()) + string(exception.message());
        }
        if (!call.stack().isEmpty()) {
            // The list and its array, then each frame with its strings (the file's name is often
            // shared with the class's other frames, but is counted each time: an estimate errs high).
            bytes += 16 + 16 + 4L * call.stack().size();
            for (CallerFrame frame : call.stack()) {
                bytes += 32 + string(frame.className()) + string(frame.methodName()) + string(frame.fileName());
            }
        }
        return bytes;
    }

    static long value(Object value) {
        if (value == null || value instanceof Boolean) {
            return 0;
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Long || value instanceof Double) {
            return 24;
        }
        if (value instanceof EnumValue) {
            return 24;
        }
        if (value instanceof Rendered r) {
            return 24 + string(r.type()) + string(r.text());
        }
        return 16;
    }

    static long string(String s) {
        if (s == null) {
            return 0;
        }
        int perChar = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        return 24 + align(16L + (long) s.length() * perChar);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
