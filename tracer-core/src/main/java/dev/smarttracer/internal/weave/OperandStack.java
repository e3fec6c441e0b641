package dev.smarttracer.internal.weave;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The sizes (one or two slots) of the values on the operand stack while the original code is read, so
 * that a return can drop what lies under its value. Frames, jumps and handlers tell the state at a
 * label; after an unconditional jump, a throw or a return it is unknown until then. Code without frames
 * (before Java 6) that is reached only by a backward jump is taken to start with an empty stack, as
 * javac's always does.
 */
final class OperandStack {
    private final Map<Label, int[]> atLabels = new HashMap<>();
    private int[] sizes = new int[16];
    private int depth;
    private boolean known = true;

    void push(int size) {
        if (!known) {
            return;
        }
        if (depth == sizes.length) {
            sizes = Arrays.copyOf(sizes, depth * 2);
        }
        sizes[depth++] = size;
    }

    /** Removes values from the top until {@code slots} slots are gone. */
    void drop(int slots) {
        while (slots > 0 && depth > 0) {
            slots -= sizes[--depth];
        }
    }

    /** Removes the top value and returns its size, or 0 if the stack is empty or unknown. */
    int dropItem() {
        return known && depth > 0 ? sizes[--depth] : 0;
    }

    void lose() {
        known = false;
        depth = 0;
    }

    /** Removes values until {@code slots} slots are gone and returns their sizes, bottom first. */
    private int[] take(int slots) {
        int top = depth;
        drop(slots);
        return Arrays.copyOfRange(sizes, depth, top);
    }

    private void put(int[] values) {
        for (int size : values) {
            push(size);
        }
    }

    void frame(int numStack, Object[] types) {
        known = true;
        depth = 0;
        for (int i = 0; i < numStack; i++) {
            push(types[i] == Opcodes.LONG || types[i] == Opcodes.DOUBLE ? 2 : 1);
        }
    }

    void label(Label label) {
        if (known) {
            return;
        }
        int[] recorded = atLabels.get(label);
        known = true;
        depth = 0;
        if (recorded != null) {
            put(recorded);
        }
    }

    void handler(Label handler) {
        atLabels.put(handler, new int[] {1});
    }

    private void record(Label target, int extra) {
        if (known && !atLabels.containsKey(target)) {
            int[] state = Arrays.copyOf(sizes, depth + extra);
            if (extra > 0) {
                state[depth] = 1;
            }
            atLabels.put(target, state);
        }
    }

    void var(int opcode) {
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD -> push(1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> push(2);
            case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> drop(1);
            case Opcodes.LSTORE, Opcodes.DSTORE -> drop(2);
            default -> lose(); // RET: ends a subroutine, like a jump
        }
    }

    void field(int opcode, String descriptor) {
        int size = descriptor.equals("J") || descriptor.equals("D") ? 2 : 1;
        switch (opcode) {
            case Opcodes.GETSTATIC -> push(size);
            case Opcodes.PUTSTATIC -> drop(size);
            case Opcodes.GETFIELD -> {
                drop(1);
                push(size);
            }
            default -> drop(size + 1);
        }
    }

    void invoke(String descriptor, boolean hasReceiver) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        // The argument size counts a receiver's slot.
        drop((sizes >> 2) - (hasReceiver ? 0 : 1));
        if ((sizes & 3) != 0) {
            push(sizes & 3);
        }
    }

    void jump(int opcode, Label target) {
        switch (opcode) {
            case Opcodes.GOTO -> {
                record(target, 0);
                lose();
            }
            case Opcodes.JSR -> record(target, 1); // the subroutine returns here with the same stack
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                    Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> {
                drop(2);
                record(target, 0);
            }
            default -> {
                drop(1);
                record(target, 0);
            }
        }
    }

    void switchTo(Label dflt, Label[] labels) {
        drop(1);
        record(dflt, 0);
        for (Label label : labels) {
            record(label, 0);
        }
        lose();
    }

    /** Instructions without operands, by opcode ranges of the JVM specification. */
    void insn(int opcode) {
        if (opcode == Opcodes.NOP || opcode == Opcodes.INEG || opcode == Opcodes.LNEG || opcode == Opcodes.FNEG
                || opcode == Opcodes.DNEG) {
            return;
        }
        if (opcode >= Opcodes.ACONST_NULL && opcode <= Opcodes.DCONST_1) {
            push(opcode == Opcodes.LCONST_0 || opcode == Opcodes.LCONST_1 || opcode == Opcodes.DCONST_0
                    || opcode == Opcodes.DCONST_1 ? 2 : 1);
        } else if (opcode >= Opcodes.IALOAD && opcode <= Opcodes.SALOAD) {
            drop(2);
            push(opcode == Opcodes.LALOAD || opcode == Opcodes.DALOAD ? 2 : 1);
        } else if (opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE) {
            drop(opcode == Opcodes.LASTORE || opcode == Opcodes.DASTORE ? 4 : 3);
        } else if (opcode >= Opcodes.POP && opcode <= Opcodes.SWAP) {
            shuffle(opcode);
        } else if (opcode >= Opcodes.IADD && opcode <= Opcodes.DREM) {
            int size = wide(opcode - Opcodes.IADD) ? 2 : 1;
            drop(2 * size);
            push(size);
        } else if (opcode >= Opcodes.ISHL && opcode <= Opcodes.LUSHR) {
            int size = (opcode - Opcodes.ISHL) % 2 == 1 ? 2 : 1;
            drop(1 + size);
            push(size);
        } else if (opcode >= Opcodes.IAND && opcode <= Opcodes.LXOR) {
            int size = (opcode - Opcodes.IAND) % 2 == 1 ? 2 : 1;
            drop(2 * size);
            push(size);
        } else if (opcode >= Opcodes.I2L && opcode <= Opcodes.I2S) {
            int index = opcode - Opcodes.I2L;
            drop(CONVERTED_FROM[index]);
            push(CONVERTED_TO[index]);
        } else if (opcode >= Opcodes.LCMP && opcode <= Opcodes.DCMPG) {
            drop(opcode == Opcodes.LCMP || opcode >= Opcodes.DCMPL ? 4 : 2);
            push(1);
        } else if (opcode == Opcodes.ARRAYLENGTH) {
            drop(1);
            push(1);
        } else if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
            drop(1);
        } else {
            lose(); // ATHROW
        }
    }

    private static final int[] CONVERTED_FROM = {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1};
    private static final int[] CONVERTED_TO = {2, 1, 2, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 1, 1};

    /** Arithmetic opcodes come in runs of int, long, float, double. */
    private static boolean wide(int offset) {
        return offset % 4 == 1 || offset % 4 == 3;
    }

    private void shuffle(int opcode) {
        if (!known) {
            return;
        }
        switch (opcode) {
            case Opcodes.POP -> drop(1);
            case Opcodes.POP2 -> drop(2);
            case Opcodes.DUP -> {
                int[] a = take(1);
                put(a);
                put(a);
            }
            case Opcodes.DUP_X1 -> {
                int[] a = take(1);
                int[] b = take(1);
                put(a);
                put(b);
                put(a);
            }
            case Opcodes.DUP_X2 -> {
                int[] a = take(1);
                int[] b = take(2);
                put(a);
                put(b);
                put(a);
            }
            case Opcodes.DUP2 -> {
                int[] a = take(2);
                put(a);
                put(a);
            }
            case Opcodes.DUP2_X1 -> {
                int[] a = take(2);
                int[] b = take(1);
                put(a);
                put(b);
                put(a);
            }
            case Opcodes.DUP2_X2 -> {
                int[] a = take(2);
                int[] b = take(2);
                put(a);
                put(b);
                put(a);
            }
            default -> { // SWAP
                int[] a = take(1);
                int[] b = take(1);
                put(a);
                put(b);
            }
        }
    }
}
