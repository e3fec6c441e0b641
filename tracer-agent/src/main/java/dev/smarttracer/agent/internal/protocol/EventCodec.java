package dev.smarttracer.agent.internal.protocol;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.CallerFrame;
import dev.smarttracer.recorder.EnumValue;
import dev.smarttracer.recorder.ExceptionInfo;
import dev.smarttracer.recorder.Rendered;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary encoding of one event ({@link FrameKind#EVENT_BINARY}): the same {@link Call} as its
 * JSON line, in less than half its bytes (121 against 310 for a call with one short
 * string argument), written without escaping or formatting a date and
 * read without parsing text, for a client that streams events fast. Each event stands alone (no
 * table shared between events), so an event dropped on the way takes nothing else with it.
 *
 * <p>Layout: the encoding's version (1); the call type (0 CALL, 1 RETURN, 2 EXCEPTION); trace and
 * call ids; class, method and descriptor; arity; the arguments, each a value; on a RETURN the
 * return value; on an EXCEPTION its type, message and whether the message was cut; the thread's
 * name and id; the timestamp as seconds and nanoseconds of the epoch; the duration; the caller
 * frames. Whole numbers are variable-length (seven bits a byte, signed ones zigzagged), strings
 * their UTF-8 bytes after their length (plus one where a string may be absent: 0 for none). A
 * value is a tag and its content: 0 null, 1 string, 2 int, 3 long, 4 true, 5 false, 6 double,
 * 7 char, 8 float, 9 short, 10 byte, 11 enum constant (type, name), 12 rendered value (type,
 * text, cut).
 *
 * <p>The static methods are stateless and thread-safe; see {@link Encoder} for a stream.
 */
public final class EventCodec {

    /** The encoding's version: its first byte. */
    public static final int VERSION = 1;

    /** The most room an {@link Encoder} keeps between events. */
    private static final int KEPT_BUFFER = 64 * 1024;
    private static final CallType[] TYPES = {CallType.CALL, CallType.RETURN, CallType.EXCEPTION};

    private EventCodec() {
    }

    /**
     * Encodes an event. A stream of events encodes faster through one {@link Encoder}.
     *
     * @param call the event
     * @return its bytes
     */
    public static byte[] encode(Call call) {
        return new Encoder().encode(call);
    }

    /**
     * Encodes the events of one stream into a buffer it keeps, and keeps the bytes of the last
     * class, method, descriptor and thread name it wrote, which a trace's events repeat: an event
     * costs one allocation, its bytes. Writes the same bytes as {@link EventCodec#encode}.
     *
     * <p>Not thread-safe: one encoder for a stream whose events come one at a time.
     */
    public static final class Encoder {

        private final Out out = new Out();
        private final Known className = new Known();
        private final Known methodName = new Known();
        private final Known descriptor = new Known();
        private final Known threadName = new Known();

        /**
         * Encodes an event.
         *
         * @param call the event
         * @return its bytes
         */
        public byte[] encode(Call call) {
            out.size = 0;
            out.raw(VERSION);
            out.raw(call.type().ordinal());
            out.whole(call.traceId());
            out.whole(call.callId());
            out.known(className, call.className());
            out.known(methodName, call.methodName());
            out.known(descriptor, call.descriptor());
            out.whole(call.arity());
            out.whole(call.args().size());
            for (Object arg : call.args()) {
                out.value(arg);
            }
            if (call.type() == CallType.RETURN) {
                out.value(call.returnValue());
            } else if (call.type() == CallType.EXCEPTION) {
                ExceptionInfo raised = call.exception();
                out.string(raised.type());
                out.optional(raised.message());
                out.raw(raised.messageTruncated() ? 1 : 0);
            }
            out.known(threadName, call.threadName());
            out.signed(call.threadId());
            out.signed(call.timestamp().getEpochSecond());
            out.whole(call.timestamp().getNano());
            out.whole(call.durationNanos());
            out.whole(call.stack().size());
            for (CallerFrame frame : call.stack()) {
                out.string(frame.className());
                out.string(frame.methodName());
                out.optional(frame.fileName());
                out.signed(frame.lineNumber());
            }
            byte[] bytes = out.bytes();
            if (out.buffer.length > KEPT_BUFFER) {
                // One event with a long value does not keep its room for the rest of the stream.
                out.buffer = new byte[Out.INITIAL];
            }
            return bytes;
        }
    }

    /** A string written last, by identity, and its length and UTF-8 bytes as written. */
    private static final class Known {
        private String text;
        private byte[] written;
    }

    /**
     * Decodes an event.
     *
     * @param bytes what {@link #encode} wrote
     * @return the event
     * @throws MalformedFrameException if the bytes are no event of this encoding
     */
    public static Call decode(byte[] bytes) throws MalformedFrameException {
        In in = new In(bytes);
        try {
            int version = in.raw();
            if (version != VERSION) {
                throw new MalformedFrameException("binary event of encoding version " + version + "; this smarttracer"
                        + " reads version " + VERSION);
            }
            int typeCode = in.raw();
            if (typeCode >= TYPES.length) {
                throw new MalformedFrameException("binary event of unknown call type " + typeCode);
            }
            CallType type = TYPES[typeCode];
            long traceId = in.whole();
            long callId = in.whole();
            String className = in.string();
            String methodName = in.string();
            String descriptor = in.string();
            int arity = in.count();
            int argCount = in.count();
            Object[] args = new Object[argCount];
            for (int i = 0; i < argCount; i++) {
                args[i] = in.value();
            }
            Object returnValue = type == CallType.RETURN ? in.value() : null;
            ExceptionInfo exception = type == CallType.EXCEPTION
                    ? new ExceptionInfo(in.string(), in.optional(), in.raw() != 0) : null;
            String threadName = in.string();
            long threadId = in.signed();
            long seconds = in.signed();
            long nanos = in.whole();
            long duration = in.whole();
            int frameCount = in.count();
            List<CallerFrame> stack = new ArrayList<>(Math.min(frameCount, 64));
            for (int i = 0; i < frameCount; i++) {
                stack.add(new CallerFrame(in.string(), in.string(), in.optional(), (int) in.signed()));
            }
            if (in.remaining() != 0) {
                throw new MalformedFrameException("binary event with " + in.remaining() + " bytes after its end");
            }
            return new Call(traceId, callId, type, className, methodName, descriptor, arity, Arrays.asList(args),
                    returnValue, exception, threadName, threadId, Instant.ofEpochSecond(seconds, nanos), duration, stack);
        } catch (ArrayIndexOutOfBoundsException cut) {
            throw new MalformedFrameException("binary event cut short: " + bytes.length + " bytes", cut);
        } catch (IllegalArgumentException | NullPointerException | java.time.DateTimeException inconsistent) {
            throw new MalformedFrameException("binary event that is no event: " + inconsistent.getMessage(),
                    inconsistent);
        }
    }

    /** A growing byte array. */
    private static final class Out {
        static final int INITIAL = 256;
        private byte[] buffer = new byte[INITIAL];
        private int size;

        void raw(int b) {
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, size * 2);
            }
            buffer[size++] = (byte) b;
        }

        void whole(long value) {
            while ((value & ~0x7FL) != 0) {
                raw((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            raw((int) value);
        }

        void signed(long value) {
            whole((value << 1) ^ (value >> 63));
        }

        void bytes(byte[] bytes) {
            if (size + bytes.length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes.length));
            }
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void string(String text) {
            text(text, 0);
        }

        /** A string that may be absent: its length plus one, or 0 for none. */
        void optional(String text) {
            if (text == null) {
                whole(0);
            } else {
                text(text, 1);
            }
        }

        private void text(String text, int lengthShift) {
            if (!ascii(text, lengthShift)) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                whole(utf8.length + (long) lengthShift);
                bytes(utf8);
            }
        }

        /**
         * Writes a string that is ASCII throughout, as most are, as its length and its characters
         * (each its own UTF-8 byte), without encoding it first; returns false, having written
         * nothing, for any other.
         */
        private boolean ascii(String text, int lengthShift) {
            int length = text.length();
            int start = size;
            whole(length + (long) lengthShift);
            if (buffer.length - size < length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
            }
            byte[] into = buffer;
            int at = size;
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    size = start;
                    return false;
                }
                into[at + i] = (byte) c;
            }
            size = at + length;
            return true;
        }

        /**
         * Writes a string a stream repeats: from the bytes it was written as before if it is the
         * same string, kept once it has come twice in a row (an encoder for one event keeps none).
         */
        void known(Known known, String text) {
            if (text == known.text && known.written != null) {
                bytes(known.written);
                return;
            }
            int start = size;
            string(text);
            if (text == known.text) {
                known.written = Arrays.copyOfRange(buffer, start, size);
            } else {
                known.text = text;
                known.written = null;
            }
        }

        // One branch per tag, in the tags' order: alike in shape on purpose, this is the encoding's table.
        void value(Object value) {
            if (value == null) {
                raw(0);
            } else if (value instanceof String s) {
                raw(1);
                string(s);
            } else if (value instanceof Integer i) {
                raw(2);
                signed(i);
            } else if (value instanceof Long l) {
                raw(3);
                signed(l);
            } else if (value instanceof Boolean b) {
                raw(b ? 4 : 5);
            } else if (value instanceof Double d) {
                raw(6);
                fixed(Double.doubleToRawLongBits(d), 8);
            } else if (value instanceof Character c) {
                raw(7);
                whole(c);
            } else if (value instanceof Float f) {
                raw(8);
                fixed(Float.floatToRawIntBits(f), 4);
            } else if (value instanceof Short s) {
                raw(9);
                signed(s);
            } else if (value instanceof Byte b) {
                raw(10);
                raw(b);
            } else if (value instanceof EnumValue e) {
                raw(11);
                string(e.type());
                string(e.name());
            } else if (value instanceof Rendered r) {
                raw(12);
                string(r.type());
                string(r.text());
                raw(r.truncated() ? 1 : 0);
            } else {
                // A Call holds snapshot values only; it refused anything else when it was made.
                throw new IllegalArgumentException("not a snapshot value: " + value.getClass().getName());
            }
        }

        void fixed(long bits, int count) {
            for (int i = 0; i < count; i++) {
                raw((int) (bits >>> (8 * i)));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }
    }

    /** Reads a byte array from the start; running past its end throws ArrayIndexOutOfBounds. */
    private static final class In {
        private final byte[] bytes;
        private int at;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        int raw() {
            return bytes[at++] & 0xFF;
        }

        int remaining() {
            return bytes.length - at;
        }

        long whole() throws MalformedFrameException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = raw();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new MalformedFrameException("binary event with a number longer than 64 bits");
        }

        long signed() throws MalformedFrameException {
            long zigzag = whole();
            return (zigzag >>> 1) ^ -(zigzag & 1);
        }

        /** A count or length: at most what the bytes left could hold, so a bad one costs no memory. */
        int count() throws MalformedFrameException {
            long count = whole();
            if (count < 0 || count > remaining()) {
                throw new MalformedFrameException("binary event announcing " + count + " items or bytes with "
                        + remaining() + " bytes left");
            }
            return (int) count;
        }

        String string() throws MalformedFrameException {
            return text(count());
        }

        String optional() throws MalformedFrameException {
            long lengthPlusOne = whole();
            if (lengthPlusOne == 0) {
                return null;
            }
            if (lengthPlusOne - 1 > remaining()) {
                throw new MalformedFrameException("binary event announcing a " + (lengthPlusOne - 1)
                        + "-byte string with " + remaining() + " bytes left");
            }
            return text((int) (lengthPlusOne - 1));
        }

        private String text(int length) {
            String text = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }

        long fixed(int count) {
            long bits = 0;
            for (int i = 0; i < count; i++) {
                bits |= (long) raw() << (8 * i);
            }
            return bits;
        }

        Object value() throws MalformedFrameException {
            int tag = raw();
            return switch (tag) {
                case 0 -> null;
                case 1 -> string();
                case 2 -> (int) signed();
                case 3 -> signed();
                case 4 -> Boolean.TRUE;
                case 5 -> Boolean.FALSE;
                case 6 -> Double.longBitsToDouble(fixed(8));
                case 7 -> (char) whole();
                case 8 -> Float.intBitsToFloat((int) fixed(4));
                case 9 -> (short) signed();
                case 10 -> (byte) raw();
                case 11 -> new EnumValue(string(), string());
                case 12 -> new Rendered(string(), string(), raw() != 0);
                default -> throw new MalformedFrameException("binary event with a value of unknown tag " + tag);
            };
        }
    }
}
