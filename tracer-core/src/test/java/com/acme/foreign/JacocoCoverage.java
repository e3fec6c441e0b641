package com.acme.foreign;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import org.jacoco.agent.rt.RT;

/**
 * Reads, from JaCoCo's agent in this JVM, which of a class's coverage probes have run: JaCoCo's execution
 * data format (a header block, session blocks, and one block per class with hits: id, name, probes packed
 * eight to a byte).
 */
final class JacocoCoverage {

    private static final int HEADER = 0x01;
    private static final int SESSION = 0x10;
    private static final int CLASS = 0x11;

    private JacocoCoverage() {
    }

    /** Marks every probe of every class as not run. */
    static void reset() {
        RT.getAgent().reset();
    }

    /** Returns the class's probes, 1 for each that ran and 0 for each that did not, or "none". */
    static String probes(String internalName) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(RT.getAgent().getExecutionData(false)));
        for (int block; (block = in.read()) != -1; ) {
            switch (block) {
                case HEADER -> {
                    in.readChar();
                    in.readChar();
                }
                case SESSION -> {
                    in.readUTF();
                    in.readLong();
                    in.readLong();
                }
                case CLASS -> {
                    in.readLong();
                    String name = in.readUTF();
                    String probes = booleans(in);
                    if (name.equals(internalName)) {
                        return probes;
                    }
                }
                default -> throw new IOException("unknown block " + block + " in JaCoCo's execution data");
            }
        }
        return "none";
    }

    private static String booleans(DataInputStream in) throws IOException {
        int length = varInt(in);
        StringBuilder probes = new StringBuilder(length);
        int buffer = 0;
        for (int i = 0; i < length; i++) {
            if (i % 8 == 0) {
                buffer = in.readUnsignedByte();
            }
            probes.append((buffer & 1) != 0 ? '1' : '0');
            buffer >>>= 1;
        }
        return probes.toString();
    }

    private static int varInt(DataInputStream in) throws IOException {
        int value = in.readUnsignedByte();
        return (value & 0x80) == 0 ? value : (value & 0x7F) | varInt(in) << 7;
    }
}
