package com.acme.foreign;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes {@code com.acme.generated.Subroutines}, a Java 5 class file (version 49, no stack map frames) whose
 * methods use {@code jsr}/{@code ret} subroutines the way compilers before Java 6 wrote {@code finally}
 * blocks, and a few ways they could be written that javac never chose.
 *
 * <pre>{@code
 * public static int log;  // each subroutine adds to it, so a subroutine that did not run shows
 *
 * // javac 1.4's nested try/finally: each finally a subroutine, called from the return and from its
 * // catch-any handler; the outer try covers the inner handler and subroutine.
 * static int nested(int x) {
 *     try { try { if (x < 0) throw new IllegalArgumentException("negative"); return x * 2; }
 *           finally { log += 1; } }
 *     finally { log += 100; }
 * }
 * // A subroutine called in a loop that calls another subroutine; its return address in local 300
 * // (wide ret); a long result: returns 0 + 1 + ... + (n - 1) + 1000 * n.
 * static long chain(int n)
 * // A finally that returns: the subroutine ends in ireturn, never in ret.
 * static int returnInFinally(int x) {
 *     try { log += x; return x; } finally { if (x > 10) return -1; log += 1000; }
 * }
 * // jsr with two values on the operand stack, which the subroutine leaves there; returns x + 1 with
 * // x left under the value returned; 0 for a negative x.
 * static int onStack(int x)
 * }</pre>
 */
final class Subroutines implements Opcodes {

    static final String NAME = "com.acme.generated.Subroutines";
    private static final String INTERNAL = "com/acme/generated/Subroutines";

    private Subroutines() {
    }

    static byte[] classFile() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(V1_5, ACC_PUBLIC | ACC_SUPER, INTERNAL, null, "java/lang/Object", null);
        writer.visitField(ACC_PUBLIC | ACC_STATIC, "log", "I", null, null).visitEnd();
        nested(writer);
        chain(writer);
        returnInFinally(writer);
        onStack(writer);
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void nested(ClassWriter writer) {
        // Locals: 0 x, 1 the value to return, 2 and 3 the inner finally's throwable and return address,
        // 4 and 5 the outer's.
        MethodVisitor mv = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "nested", "(I)I", null, null);
        mv.visitCode();
        Label start = new Label();
        Label positive = new Label();
        Label innerCall = new Label();
        Label outerCall = new Label();
        Label innerHandler = new Label();
        Label inner = new Label();
        Label outerHandler = new Label();
        Label outer = new Label();
        mv.visitTryCatchBlock(start, innerCall, innerHandler, null);
        mv.visitTryCatchBlock(start, outerCall, outerHandler, null);
        mv.visitTryCatchBlock(innerHandler, outerHandler, outerHandler, null);
        mv.visitLabel(start);
        mv.visitVarInsn(ILOAD, 0);
        mv.visitJumpInsn(IFGE, positive);
        mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
        mv.visitInsn(DUP);
        mv.visitLdcInsn("negative");
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V",
                false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(positive);
        mv.visitVarInsn(ILOAD, 0);
        mv.visitInsn(ICONST_2);
        mv.visitInsn(IMUL);
        mv.visitVarInsn(ISTORE, 1);
        mv.visitLabel(innerCall);
        mv.visitJumpInsn(JSR, inner);
        mv.visitLabel(outerCall);
        mv.visitJumpInsn(JSR, outer);
        mv.visitVarInsn(ILOAD, 1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(innerHandler);
        mv.visitVarInsn(ASTORE, 2);
        mv.visitJumpInsn(JSR, inner);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitInsn(ATHROW);
        mv.visitLabel(inner);
        mv.visitVarInsn(ASTORE, 3);
        addToLog(mv, 1);
        mv.visitVarInsn(RET, 3);
        mv.visitLabel(outerHandler);
        mv.visitVarInsn(ASTORE, 4);
        mv.visitJumpInsn(JSR, outer);
        mv.visitVarInsn(ALOAD, 4);
        mv.visitInsn(ATHROW);
        mv.visitLabel(outer);
        mv.visitVarInsn(ASTORE, 5);
        addToLog(mv, 100);
        mv.visitVarInsn(RET, 5);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void chain(ClassWriter writer) {
        // Locals: 0 n, 1-2 the total, 3 i, 4 the inner subroutine's return address, 300 the outer's.
        MethodVisitor mv = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "chain", "(I)J", null, null);
        mv.visitCode();
        Label loop = new Label();
        Label end = new Label();
        Label add = new Label();
        Label bonus = new Label();
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, 1);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, 3);
        mv.visitLabel(loop);
        mv.visitVarInsn(ILOAD, 3);
        mv.visitVarInsn(ILOAD, 0);
        mv.visitJumpInsn(IF_ICMPGE, end);
        mv.visitJumpInsn(JSR, add);
        mv.visitIincInsn(3, 1);
        mv.visitJumpInsn(GOTO, loop);
        mv.visitLabel(end);
        mv.visitVarInsn(LLOAD, 1);
        mv.visitInsn(LRETURN);
        mv.visitLabel(add);
        mv.visitVarInsn(ASTORE, 300);
        mv.visitVarInsn(LLOAD, 1);
        mv.visitVarInsn(ILOAD, 3);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, 1);
        mv.visitJumpInsn(JSR, bonus);
        mv.visitVarInsn(RET, 300);
        mv.visitLabel(bonus);
        mv.visitVarInsn(ASTORE, 4);
        mv.visitVarInsn(LLOAD, 1);
        mv.visitLdcInsn(1000L);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, 1);
        mv.visitVarInsn(RET, 4);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void returnInFinally(ClassWriter writer) {
        // Locals: 0 x, 1 the value to return, 2 the throwable, 3 the return address.
        MethodVisitor mv = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "returnInFinally", "(I)I", null, null);
        mv.visitCode();
        Label start = new Label();
        Label call = new Label();
        Label handler = new Label();
        Label subroutine = new Label();
        Label small = new Label();
        mv.visitTryCatchBlock(start, call, handler, null);
        mv.visitLabel(start);
        mv.visitFieldInsn(GETSTATIC, INTERNAL, "log", "I");
        mv.visitVarInsn(ILOAD, 0);
        mv.visitInsn(IADD);
        mv.visitFieldInsn(PUTSTATIC, INTERNAL, "log", "I");
        mv.visitVarInsn(ILOAD, 0);
        mv.visitVarInsn(ISTORE, 1);
        mv.visitLabel(call);
        mv.visitJumpInsn(JSR, subroutine);
        mv.visitVarInsn(ILOAD, 1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, 2);
        mv.visitJumpInsn(JSR, subroutine);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitInsn(ATHROW);
        mv.visitLabel(subroutine);
        mv.visitVarInsn(ASTORE, 3);
        mv.visitVarInsn(ILOAD, 0);
        mv.visitIntInsn(BIPUSH, 10);
        mv.visitJumpInsn(IF_ICMPLE, small);
        mv.visitInsn(ICONST_M1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(small);
        addToLog(mv, 1000);
        mv.visitVarInsn(RET, 3);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void onStack(ClassWriter writer) {
        MethodVisitor mv = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "onStack", "(I)I", null, null);
        mv.visitCode();
        Label positive = new Label();
        Label subroutine = new Label();
        mv.visitVarInsn(ILOAD, 0);
        mv.visitJumpInsn(IFGE, positive);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(IRETURN);
        mv.visitLabel(positive);
        mv.visitVarInsn(ILOAD, 0);
        mv.visitVarInsn(ILOAD, 0);
        mv.visitJumpInsn(JSR, subroutine);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IADD);
        // Returns with x still under the value: the probe's exit code must not be reached with it, as the
        // other return reaches it with an empty stack.
        mv.visitInsn(IRETURN);
        mv.visitLabel(subroutine);
        mv.visitVarInsn(ASTORE, 1);
        addToLog(mv, 1);
        mv.visitVarInsn(RET, 1);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void addToLog(MethodVisitor mv, int amount) {
        mv.visitFieldInsn(GETSTATIC, INTERNAL, "log", "I");
        mv.visitIntInsn(SIPUSH, amount);
        mv.visitInsn(IADD);
        mv.visitFieldInsn(PUTSTATIC, INTERNAL, "log", "I");
    }
}
