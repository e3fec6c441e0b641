package dev.smarttracer.internal.weave;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * The operand-stack tracker knows the size of every value under a return: through pushes, stack
 * shuffles, calls, field accesses and jumps, and from frames and recorded labels after code it cannot
 * follow.
 */
class OperandStackTest {

    @Test
    void constantsAndArithmetic_leaveTheResultSizes() {
        OperandStack stack = new OperandStack();
        stack.insn(Opcodes.LCONST_1);
        stack.insn(Opcodes.LCONST_1);
        stack.insn(Opcodes.LADD);
        stack.insn(Opcodes.ICONST_2);
        stack.insn(Opcodes.I2D);

        assertThat(sizes(stack)).containsExactly(2, 2);
    }

    @Test
    void dupX2_underAWideValue_putsTheCopyBeneathIt() {
        OperandStack stack = new OperandStack();
        stack.insn(Opcodes.DCONST_0);
        stack.insn(Opcodes.ICONST_1);
        stack.insn(Opcodes.DUP_X2);

        assertThat(sizes(stack)).containsExactly(1, 2, 1);
    }

    @Test
    void dup2_ofTwoNarrowValues_copiesBoth() {
        OperandStack stack = new OperandStack();
        stack.insn(Opcodes.ICONST_1);
        stack.push(1);
        stack.insn(Opcodes.DUP2);

        assertThat(sizes(stack)).containsExactly(1, 1, 1, 1);
    }

    @Test
    void invoke_dropsArgumentsAndReceiver_andPushesTheResult() {
        OperandStack stack = new OperandStack();
        stack.push(1); // the stack's bottom, left alone
        stack.push(1); // receiver
        stack.push(2); // long argument
        stack.push(1); // int argument
        stack.invoke("(JI)D", true);

        assertThat(sizes(stack)).containsExactly(2, 1);
    }

    @Test
    void fieldAccess_replacesTheOwnerWithTheValue() {
        OperandStack stack = new OperandStack();
        stack.var(Opcodes.ALOAD);
        stack.field(Opcodes.GETFIELD, "J");
        stack.field(Opcodes.GETSTATIC, "I");

        assertThat(sizes(stack)).containsExactly(1, 2);
    }

    @Test
    void afterGoto_theStackIsUnknown_untilTheTargetLabelRestoresWhatTheJumpRecorded() {
        OperandStack stack = new OperandStack();
        Label target = new Label();
        stack.push(2);
        stack.push(1);
        stack.jump(Opcodes.GOTO, target);

        stack.push(1); // unreachable code: ignored
        assertThat(stack.dropItem()).as("unknown after the jump").isZero();

        stack.label(target);
        assertThat(sizes(stack)).containsExactly(1, 2);
    }

    @Test
    void conditionalJump_popsItsOperands_andTheCodeAfterItGoesOnKnown() {
        OperandStack stack = new OperandStack();
        stack.push(2);
        stack.push(1);
        stack.push(1);
        stack.jump(Opcodes.IF_ICMPLT, new Label());

        assertThat(sizes(stack)).containsExactly(2);
    }

    @Test
    void frame_setsTheStackFromItsTypes() {
        OperandStack stack = new OperandStack();
        stack.insn(Opcodes.ATHROW);
        stack.frame(3, new Object[] {Opcodes.LONG, "java/lang/String", Opcodes.DOUBLE});

        assertThat(sizes(stack)).containsExactly(2, 1, 2);
    }

    @Test
    void handlerLabel_startsWithTheThrowableAlone() {
        OperandStack stack = new OperandStack();
        Label handler = new Label();
        stack.handler(handler);
        stack.push(2);
        stack.insn(Opcodes.ATHROW);

        stack.label(handler);
        assertThat(sizes(stack)).containsExactly(1);
    }

    @Test
    void drop_removesWholeValuesUntilTheSlotsAreGone() {
        OperandStack stack = new OperandStack();
        stack.push(1);
        stack.push(2);
        stack.push(1);
        stack.drop(3);

        assertThat(sizes(stack)).containsExactly(1);
    }

    /** Empties the stack, returning the sizes of its values from the top down. */
    private static List<Integer> sizes(OperandStack stack) {
        List<Integer> sizes = new ArrayList<>();
        for (int size; (size = stack.dropItem()) > 0; ) {
            sizes.add(size);
        }
        return sizes;
    }
}
