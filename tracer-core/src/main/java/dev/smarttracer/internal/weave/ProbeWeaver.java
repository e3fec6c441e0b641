package dev.smarttracer.internal.weave;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves the probe code into the planned methods of a class file: the code of {@link ProbeAdvice}, written
 * out as bytecode with ASM (relocated inside tracer-core), so that a first trace loads no more than ASM's
 * reader and writer.
 *
 * <p>What a woven method does, around its original code:
 * <pre>{@code
 * CallExit pending;
 * try {                                       // entry: suppresses every throwable
 *     ProbeSink sink = Bridge.route(PROBE);   // the gate; closed: nothing else runs
 *     pending = sink == null ? null : sink.enter(PROBE, new Object[] {boxed parameters});
 * } catch (Throwable ignored) { pending = null; }
 * try {
 *     original code, each return jumping to the normal exit with its value
 * } catch (Throwable thrown) {                // also implicit JVM exceptions and callees' throws
 *     try { if (pending != null) pending.exit(null, thrown); } catch (Throwable ignored) { }
 *     throw thrown;                           // the same object
 * }
 * try { if (pending != null) pending.exit(boxed value or null, null); } catch (Throwable ignored) { }
 * return value;
 * }</pre>
 *
 * <p>The method's own locals keep their slots: the probe's locals come after its original
 * {@code max_locals}, learnt in a first, light pass, so the JVM's helpful {@code NullPointerException}
 * messages name the same locals, with or without debug information. Stack map frames are written
 * without loading any class (no {@link ClassWriter#COMPUTE_FRAMES}, whose common-superclass lookup loads
 * classes inside a transformer): every original frame is kept and extended with the probe's local, and the
 * probe's own branch targets get frames built from the method descriptor. The bridge is referred to by
 * name only, so weaving never loads it.
 *
 * <p>Stateless; {@link #weave} is thread-safe.
 */
public final class ProbeWeaver {

    private static final String BRIDGE = "dev/smarttracer/bridge/v1/Bridge";
    private static final String SINK = "dev/smarttracer/bridge/v1/ProbeSink";
    private static final String EXIT = "dev/smarttracer/bridge/v1/CallExit";
    private static final String ROUTE_DESCRIPTOR = "(I)L" + SINK + ";";
    private static final String ENTER_DESCRIPTOR = "(I[Ljava/lang/Object;)L" + EXIT + ";";
    private static final String EXIT_DESCRIPTOR = "(Ljava/lang/Object;Ljava/lang/Throwable;)V";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final Object[] EMPTY = {};
    private static final int API = Opcodes.ASM9;

    private ProbeWeaver() {
    }

    /**
     * Returns the class file with the probe code woven into every planned method it declares.
     *
     * @param classfile the class file, any version the bundled ASM reads (Java 1.1 to 27)
     * @param plan signature (name plus descriptor) to probe id; static initialisers, abstract and native
     *     methods are never woven
     * @param done collects the signatures that were woven
     * @return the new class file
     * @throws Unweavable if a planned method cannot take the probe code: the JVM's limits on its code size
     *     or its locals leave no room, or a constructor's code has a shape the probe's handlers cannot follow
     *     (see {@link PlannedMethod}); the message names the method, why, and what to trace instead
     * @throws IllegalArgumentException if the class file is of a version the bundled ASM does not read
     */
    public static byte[] weave(byte[] classfile, Map<String, Integer> plan, Set<String> done) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(done, "done");
        ClassReader reader = new ClassReader(classfile);
        Map<String, Integer> maxLocals = new HashMap<>();
        reader.accept(new LocalsCounter(plan, maxLocals), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        // Sharing the reader's constant pool lets the writer copy every method that is not woven as it is.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Weaving(writer, plan, maxLocals, done), ClassReader.EXPAND_FRAMES);
        try {
            return writer.toByteArray();
        } catch (MethodTooLargeException tooLarge) {
            throw new Unweavable(display(tooLarge.getClassName(), tooLarge.getMethodName(), tooLarge.getDescriptor())
                    + ": with the tracing code its bytecode would be "
                    + String.format(Locale.ROOT, "%,d", tooLarge.getCodeSize()) + " bytes, over the JVM's limit of"
                    + " 65,535 bytes (64 KiB) per method; trace the methods it calls instead", tooLarge);
        }
    }

    /** A method as a user names it: {@code com.acme.Foo#bar(int, java.lang.String)}. */
    private static String display(String owner, String name, String descriptor) {
        StringBuilder display = new StringBuilder(owner.replace('/', '.')).append('#').append(name).append('(');
        Type[] parameters = Type.getArgumentTypes(descriptor);
        for (int i = 0; i < parameters.length; i++) {
            display.append(i == 0 ? "" : ", ").append(parameters[i].getClassName());
        }
        return display.append(')').toString();
    }

    /**
     * A planned method that cannot take the probe code within the JVM's limits on a method: its message
     * says "cannot trace" the method, why, and what to do.
     */
    public static final class Unweavable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Unweavable(String what, Throwable cause) {
            super("cannot trace " + what, cause);
        }
    }

    /** First pass: the {@code max_locals} of each planned method, where the probe's own locals will start. */
    private static final class LocalsCounter extends ClassVisitor {
        private final Map<String, Integer> plan;
        private final Map<String, Integer> maxLocals;

        LocalsCounter(Map<String, Integer> plan, Map<String, Integer> maxLocals) {
            super(API);
            this.plan = plan;
            this.maxLocals = maxLocals;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            String key = name + descriptor;
            if (!plan.containsKey(key)) {
                return null;
            }
            return new MethodVisitor(API) {
                @Override
                public void visitMaxs(int maxStack, int locals) {
                    maxLocals.put(key, locals);
                }
            };
        }
    }

    /** Second pass: passes the class through, weaving the planned methods. */
    private static final class Weaving extends ClassVisitor {
        private final Map<String, Integer> plan;
        private final Map<String, Integer> maxLocals;
        private final Set<String> done;
        private String owner;
        private boolean frames;

        Weaving(ClassWriter writer, Map<String, Integer> plan, Map<String, Integer> maxLocals, Set<String> done) {
            super(API, writer);
            this.plan = plan;
            this.maxLocals = maxLocals;
            this.done = done;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            owner = name;
            // Class files before Java 6 carry no stack map frames; the JVM infers their types.
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
            String key = name + descriptor;
            Integer probe = plan.get(key);
            Integer locals = maxLocals.get(key);
            if (visitor == null || probe == null || locals == null || name.equals("<clinit>")
                    || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return visitor;
            }
            return new PlannedMethod(visitor, probe, (access & Opcodes.ACC_STATIC) != 0, owner, descriptor, locals,
                    frames, done, key);
        }
    }

    /**
     * One planned method: the entry code first, each return redirected to the exit code, which comes last.
     *
     * <p>A constructor's entry code reads only its parameters, never the uninitialised {@code this}. Until
     * its call to {@code super(...)} or {@code this(...)} (the first {@code invokespecial <init>} with no
     * {@code new} object waiting for its own), the JVM allows a handler only to throw, and no handler may
     * cover that call itself (HotSpot checks it against the initialised {@code this} with the uninitialised
     * flag, which no stack map frame can express): what is thrown before it goes to a handler of its own,
     * which reports it and throws it again; what the call itself throws reaches no handler, so that call
     * has no end event; every return comes after it, and reports {@code this}.
     */
    private static final class PlannedMethod extends MethodVisitor {
        private final int probe;
        private final boolean isStatic;
        private final boolean isConstructor;
        private final String owner;
        /** Objects made by {@code new} and not yet initialised, in code order. */
        private int uninitialisedNews;
        private boolean initialised;
        /** Why a constructor's code does not have the one shape the handlers rely on, or {@code null}. */
        private String oddShape;
        private final Label initialising = new Label();
        private final Label initialisedAt = new Label();
        private final Label thrownBeforeInit = new Label();
        private final Type[] parameters;
        private final Type returned;
        private final int originalLocals;
        /** The slot of the {@code CallExit}; the return value or the throwable follows it. */
        private final int pending;
        private final int result;
        private final boolean frames;
        private final Set<String> done;
        private final String signature;
        private final Object[] entryLocals;
        private final Object[] bodyLocals;
        private final OperandStack stack = new OperandStack();
        private final Label body = new Label();
        private final Label bodyEnd = new Label();
        private final Label normalExit = new Label();
        private final Label thrownExit = new Label();
        private boolean bodyFramePending;

        PlannedMethod(MethodVisitor writer, int probe, boolean isStatic, String owner, String descriptor,
                int originalLocals, boolean frames, Set<String> done, String signature) {
            super(API, writer);
            this.probe = probe;
            this.isStatic = isStatic;
            this.owner = owner;
            this.isConstructor = signature.startsWith("<init>(");
            this.initialised = !isConstructor;
            this.parameters = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            this.originalLocals = originalLocals;
            this.pending = originalLocals;
            this.result = originalLocals + 1;
            this.frames = frames;
            this.done = done;
            this.signature = signature;
            if (result + Math.max(returned.getSize(), 1) > 0xFFFF) {
                throw new Unweavable(display(owner, signature.substring(0, signature.indexOf('(')), descriptor)
                        + ": it uses " + String.format(Locale.ROOT, "%,d", originalLocals) + " local variable slots,"
                        + " too many under the JVM's limit of 65,535 to add the tracing code's own; trace the methods"
                        + " it calls instead", null);
            }
            entryLocals = entryLocals(owner);
            bodyLocals = withPending(entryLocals.length, entryLocals);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            done.add(signature);
            enter();
        }

        /** {@code pending = gate open ? sink.enter(probe, args) : null}, suppressing every throwable. */
        private void enter() {
            Label start = new Label();
            Label closed = new Label();
            Label end = new Label();
            Label failed = new Label();
            mv.visitTryCatchBlock(start, end, failed, THROWABLE);
            mv.visitLabel(start);
            push(probe);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "route", ROUTE_DESCRIPTOR, false);
            mv.visitInsn(Opcodes.DUP);
            mv.visitJumpInsn(Opcodes.IFNULL, closed);
            push(probe);
            push(parameters.length);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < parameters.length; i++) {
                mv.visitInsn(Opcodes.DUP);
                push(i);
                mv.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), slot);
                box(parameters[i]);
                mv.visitInsn(Opcodes.AASTORE);
                slot += parameters[i].getSize();
            }
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, SINK, "enter", ENTER_DESCRIPTOR, true);
            mv.visitVarInsn(Opcodes.ASTORE, pending);
            mv.visitJumpInsn(Opcodes.GOTO, body);
            mv.visitLabel(closed);
            frame(entryLocals, SINK);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, pending);
            mv.visitJumpInsn(Opcodes.GOTO, body);
            mv.visitLabel(end);
            mv.visitLabel(failed);
            frame(entryLocals, THROWABLE);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, pending);
            mv.visitLabel(body);
            // The body's first instruction may carry a frame of its own (a loop at offset 0); two frames at
            // one offset are not allowed, so this one is written only before an instruction.
            bodyFramePending = frames;
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (!initialised) {
                throw new Unweavable(display(owner, "<init>", signature.substring(signature.indexOf('(')))
                        + ": its call to super(...) or this(...) could not be found in its bytecode", null);
            }
            if (oddShape != null) {
                throw new Unweavable(display(owner, "<init>", signature.substring(signature.indexOf('(')))
                        + ": " + oddShape + ", a shape javac never writes (other compilers and bytecode tools may);"
                        + " the tracing code needs the code before that call laid out before it; trace the methods"
                        + " it calls instead", null);
            }
            mv.visitLabel(bodyEnd);
            exitNormally();
            exitThrowing();
            if (isConstructor) {
                exitThrowingBeforeInit();
            }
            // Registered last, so that the method's own handlers, listed before them, catch first.
            if (isConstructor) {
                mv.visitTryCatchBlock(body, initialising, thrownBeforeInit, THROWABLE);
                mv.visitTryCatchBlock(initialisedAt, bodyEnd, thrownExit, THROWABLE);
            } else {
                mv.visitTryCatchBlock(body, bodyEnd, thrownExit, THROWABLE);
            }
            int maxParameter = 0;
            for (Type parameter : parameters) {
                maxParameter = Math.max(maxParameter, parameter.getSize());
            }
            // Entry: sink, probe, array, array, index, value; exits: pending, value, throwable.
            int entryStack = parameters.length == 0 ? 3 : 5 + maxParameter;
            super.visitMaxs(Math.max(maxStack, Math.max(entryStack, 3)), result + Math.max(returned.getSize(), 1));
        }

        /** Each return of the body lands here with its value ({@code this} for a constructor) stored in {@code result}. */
        private void exitNormally() {
            Object[] locals = exitLocals(isConstructor ? owner
                    : returned.getSort() == Type.VOID ? null : frameType(returned));
            Label start = new Label();
            Label end = new Label();
            Label failed = new Label();
            mv.visitTryCatchBlock(start, end, failed, THROWABLE);
            mv.visitLabel(normalExit);
            frame(locals, null);
            mv.visitLabel(start);
            mv.visitVarInsn(Opcodes.ALOAD, pending);
            mv.visitJumpInsn(Opcodes.IFNULL, end);
            mv.visitVarInsn(Opcodes.ALOAD, pending);
            if (isConstructor) {
                mv.visitVarInsn(Opcodes.ALOAD, result);
            } else if (returned.getSort() == Type.VOID) {
                mv.visitInsn(Opcodes.ACONST_NULL);
            } else {
                mv.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), result);
                box(returned);
            }
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, EXIT, "exit", EXIT_DESCRIPTOR, true);
            mv.visitLabel(end);
            frame(locals, null);
            returnResult();
            mv.visitLabel(failed);
            frame(locals, THROWABLE);
            mv.visitInsn(Opcodes.POP);
            returnResult();
        }

        /** Whatever leaves the body by a throw lands here; it is stored in {@code result} and thrown again. */
        private void exitThrowing() {
            exitThrowing(thrownExit, Opcodes.TOP);
        }

        /**
         * What a constructor throws before its {@code this} is initialised lands here, where the JVM knows
         * {@code this} as uninitialised: it is reported and thrown again, as the JVM requires.
         */
        private void exitThrowingBeforeInit() {
            exitThrowing(thrownBeforeInit, Opcodes.UNINITIALIZED_THIS);
        }

        /** The code of a throwing exit at {@code handler}, with {@code local0} as the frames' first local. */
        private void exitThrowing(Label handler, Object local0) {
            Object[] entry = exitLocals(null);
            Object[] locals = exitLocals(THROWABLE);
            if (originalLocals > 0) {
                entry[0] = local0;
                locals[0] = local0;
            }
            Label start = new Label();
            Label end = new Label();
            Label failed = new Label();
            mv.visitTryCatchBlock(start, end, failed, THROWABLE);
            mv.visitLabel(handler);
            frame(entry, THROWABLE);
            mv.visitVarInsn(Opcodes.ASTORE, result);
            mv.visitLabel(start);
            mv.visitVarInsn(Opcodes.ALOAD, pending);
            mv.visitJumpInsn(Opcodes.IFNULL, end);
            mv.visitVarInsn(Opcodes.ALOAD, pending);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ALOAD, result);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, EXIT, "exit", EXIT_DESCRIPTOR, true);
            mv.visitLabel(end);
            frame(locals, null);
            mv.visitVarInsn(Opcodes.ALOAD, result);
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitLabel(failed);
            frame(locals, THROWABLE);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ALOAD, result);
            mv.visitInsn(Opcodes.ATHROW);
        }

        private void returnResult() {
            if (returned.getSort() != Type.VOID) {
                mv.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), result);
            }
            mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
        }

        /** A return of the body: its value to {@code result}, anything under it dropped, then the exit. */
        private void redirectReturn() {
            if (isConstructor) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ASTORE, result);
            }
            if (returned.getSort() != Type.VOID) {
                mv.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), result);
                stack.drop(returned.getSize());
            }
            // A return may leave values under its own on the stack (javac never does); a jump may not.
            for (int size; (size = stack.dropItem()) > 0; ) {
                mv.visitInsn(size == 2 ? Opcodes.POP2 : Opcodes.POP);
            }
            mv.visitJumpInsn(Opcodes.GOTO, normalExit);
            stack.lose();
        }

        private void beforeInstruction() {
            if (bodyFramePending) {
                bodyFramePending = false;
                mv.visitFrame(Opcodes.F_NEW, bodyLocals.length, bodyLocals, 0, EMPTY);
            }
        }

        // The method's own code: every frame gains the probe's local, the stack is followed to know what a
        // return leaves under its value, and returns go to the exit code.

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stackTypes) {
            if (type != Opcodes.F_NEW) {
                throw new IllegalStateException("expected expanded frames, got frame type " + type);
            }
            bodyFramePending = false;
            if (isConstructor && numLocal > 0 && oddShape == null) {
                if (initialised && local[0] == Opcodes.UNINITIALIZED_THIS) {
                    oddShape = "code that runs before its call to super(...) or this(...) is laid out after that call";
                } else if (!initialised && local[0] instanceof String) {
                    oddShape = "code that runs after its call to super(...) or this(...) is laid out before that call";
                }
            }
            stack.frame(numStack, stackTypes);
            Object[] locals = withPending(numLocal, local);
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, numStack, stackTypes);
        }

        @Override
        public void visitInsn(int opcode) {
            beforeInstruction();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                redirectReturn();
                return;
            }
            stack.insn(opcode);
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            beforeInstruction();
            if (opcode != Opcodes.NEWARRAY) {
                stack.push(1);
            }
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            beforeInstruction();
            stack.var(opcode);
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            beforeInstruction();
            if (opcode == Opcodes.NEW) {
                stack.push(1);
                uninitialisedNews++;
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            beforeInstruction();
            stack.field(opcode, descriptor);
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            beforeInstruction();
            stack.invoke(descriptor, opcode != Opcodes.INVOKESTATIC);
            boolean ownInit = false;
            if (isConstructor && opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
                if (uninitialisedNews > 0) {
                    uninitialisedNews--;
                } else if (!initialised) {
                    // A second such call (super(...) once per branch, or one new object initialised on either of
                    // two branches, taken for this one) is reached by a jump whose frame still has this
                    // uninitialised: visitFrame refuses it.
                    ownInit = true;
                    mv.visitLabel(initialising);
                }
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (ownInit) {
                // The constructor's own super(...) or this(...): from here on, this is initialised.
                initialised = true;
                mv.visitLabel(initialisedAt);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            beforeInstruction();
            stack.invoke(descriptor, false);
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            beforeInstruction();
            stack.jump(opcode, label);
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            stack.label(label);
            super.visitLabel(label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            beforeInstruction();
            stack.push(value instanceof Long || value instanceof Double
                    || value instanceof ConstantDynamic constant && constant.getSize() == 2 ? 2 : 1);
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            beforeInstruction();
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            beforeInstruction();
            stack.switchTo(dflt, labels);
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            beforeInstruction();
            stack.switchTo(dflt, labels);
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            beforeInstruction();
            stack.drop(numDimensions);
            stack.push(1);
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            stack.handler(handler);
            super.visitTryCatchBlock(start, end, handler, type);
        }

        private void frame(Object[] locals, Object onStack) {
            if (frames) {
                Object[] stackTypes = onStack == null ? EMPTY : new Object[] {onStack};
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stackTypes.length, stackTypes);
            }
        }

        /** The locals on entry: {@code this} and the parameters. */
        private Object[] entryLocals(String owner) {
            Object[] locals = new Object[parameters.length + (isStatic ? 0 : 1)];
            int i = 0;
            if (!isStatic) {
                locals[i++] = isConstructor ? Opcodes.UNINITIALIZED_THIS : owner;
            }
            for (Type parameter : parameters) {
                locals[i++] = frameType(parameter);
            }
            return locals;
        }

        /** A frame's locals, padded to the original {@code max_locals}, then the pending exit. */
        private Object[] withPending(int numLocal, Object[] local) {
            int slots = 0;
            for (int i = 0; i < numLocal; i++) {
                slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            Object[] locals = Arrays.copyOf(local, numLocal + originalLocals - slots + 1);
            Arrays.fill(locals, numLocal, locals.length - 1, Opcodes.TOP);
            locals[locals.length - 1] = EXIT;
            return locals;
        }

        /** The exit code's locals: none of the method's own (it reads none), the pending exit, and one more. */
        private Object[] exitLocals(Object inResult) {
            Object[] locals = new Object[originalLocals + (inResult == null ? 1 : 2)];
            Arrays.fill(locals, 0, originalLocals, Opcodes.TOP);
            locals[originalLocals] = EXIT;
            if (inResult != null) {
                locals[originalLocals + 1] = inResult;
            }
            return locals;
        }

        private void push(int value) {
            if (value >= -1 && value <= 5) {
                mv.visitInsn(Opcodes.ICONST_0 + value);
            } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
                mv.visitIntInsn(Opcodes.BIPUSH, value);
            } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
                mv.visitIntInsn(Opcodes.SIPUSH, value);
            } else {
                mv.visitLdcInsn(value);
            }
        }

        /** Boxes a primitive with its wrapper's {@code valueOf}, as Byte Buddy's advice does; references stay. */
        private void box(Type type) {
            // Constant descriptors: string concatenation here would link a call site on the first weave.
            switch (type.getSort()) {
                case Type.BOOLEAN -> valueOf("java/lang/Boolean", "(Z)Ljava/lang/Boolean;");
                case Type.CHAR -> valueOf("java/lang/Character", "(C)Ljava/lang/Character;");
                case Type.BYTE -> valueOf("java/lang/Byte", "(B)Ljava/lang/Byte;");
                case Type.SHORT -> valueOf("java/lang/Short", "(S)Ljava/lang/Short;");
                case Type.INT -> valueOf("java/lang/Integer", "(I)Ljava/lang/Integer;");
                case Type.FLOAT -> valueOf("java/lang/Float", "(F)Ljava/lang/Float;");
                case Type.LONG -> valueOf("java/lang/Long", "(J)Ljava/lang/Long;");
                case Type.DOUBLE -> valueOf("java/lang/Double", "(D)Ljava/lang/Double;");
                default -> {
                    // a reference is passed as it is
                }
            }
        }

        private void valueOf(String wrapper, String descriptor) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf", descriptor, false);
        }

        private static Object frameType(Type type) {
            return switch (type.getSort()) {
                case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> type.getInternalName();
            };
        }
    }
}
