package com.acme.foreign;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes {@code com.acme.generated.Big}, a Java 17 class file with two methods close to the JVM's limit of
 * 65,535 bytes of code per method.
 *
 * <ul>
 * <li>{@code static int nearLimit(int x)}: {@value #NEAR_LIMIT_SIZE} bytes, with room for the probe code.
 *     Three returns, the first near the start and the second in the middle, so that their jumps to the
 *     probe's exit code at the end are longer than a {@code goto}'s 32 KiB reach. Returns -1 for 0;
 *     otherwise adds {@value #FIRST_RUN} and returns the sum if it is over 5,000, else adds
 *     2 &times; {@value #SECOND_RUN} more.
 * <li>{@code static int overLimit()}: {@value #OVER_LIMIT_SIZE} bytes, with no room for the probe code;
 *     returns 7.
 * </ul>
 */
final class LargeMethods implements Opcodes {

    static final String NAME = "com.acme.generated.Big";
    static final int FIRST_RUN = 10_000;
    static final int SECOND_RUN = 11_756;
    static final int NEAR_LIMIT_SIZE = 17 + 3 * (FIRST_RUN + SECOND_RUN);
    static final int OVER_LIMIT_SIZE = 3 + 2 * 32_746;

    private LargeMethods() {
    }

    static byte[] classFile() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(V17, ACC_PUBLIC | ACC_SUPER, NAME.replace('.', '/'), null, "java/lang/Object", null);
        Label nearEnd = nearLimit(writer);
        Label overEnd = overLimit(writer);
        writer.visitEnd();
        byte[] classFile = writer.toByteArray();
        // The labels at the ends of the methods' code know their sizes once written.
        if (nearEnd.getOffset() != NEAR_LIMIT_SIZE || overEnd.getOffset() != OVER_LIMIT_SIZE) {
            throw new IllegalStateException("wrote " + nearEnd.getOffset() + " and " + overEnd.getOffset()
                    + " bytes of code, not " + NEAR_LIMIT_SIZE + " and " + OVER_LIMIT_SIZE);
        }
        return classFile;
    }

    private static Label nearLimit(ClassWriter writer) {
        MethodVisitor mv = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "nearLimit", "(I)I", null, null);
        mv.visitCode();
        Label notZero = new Label();
        Label small = new Label();
        Label end = new Label();
        mv.visitVarInsn(ILOAD, 0);
        mv.visitJumpInsn(IFNE, notZero);
        mv.visitInsn(ICONST_M1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(notZero);
        for (int i = 0; i < FIRST_RUN; i++) {
            mv.visitIincInsn(0, 1);
        }
        mv.visitVarInsn(ILOAD, 0);
        mv.visitIntInsn(SIPUSH, 5_000);
        mv.visitJumpInsn(IF_ICMPLE, small);
        mv.visitVarInsn(ILOAD, 0);
        mv.visitInsn(IRETURN);
        mv.visitLabel(small);
        for (int i = 0; i < SECOND_RUN; i++) {
            mv.visitIincInsn(0, 2);
        }
        mv.visitVarInsn(ILOAD, 0);
        mv.visitInsn(IRETURN);
        mv.visitLabel(end);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return end;
    }

    private static Label overLimit(ClassWriter writer) {
        MethodVisitor mv = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "overLimit", "()I", null, null);
        mv.visitCode();
        Label end = new Label();
        for (int i = 0; i < 32_746; i++) {
            mv.visitInsn(ICONST_0);
            mv.visitInsn(POP);
        }
        mv.visitIntInsn(BIPUSH, 7);
        mv.visitInsn(IRETURN);
        mv.visitLabel(end);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return end;
    }
}
