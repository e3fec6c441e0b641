package dev.smarttracer.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CelConditionCompileTest {

    private static ConditionException compileError(String expression, Stage stage) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> CelCondition.compile(expression, stage));
        assertThat(thrown).isInstanceOf(ConditionException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return (ConditionException) thrown;
    }

    @Test
    void incompleteComparison_namesColumnTenAndShowsACompleteOne() {
        ConditionException e = compileError("args[0] <", Stage.ENTRY);

        assertThat(e.getMessage()).isEqualTo("--where 'args[0] <': column 10: unexpected end of expression; "
                + "write a complete comparison such as args[0] < 0");
        assertThat(e.column()).isEqualTo(10);
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void undeclaredVariable_listsTheDeclaredOnes() {
        ConditionException e = compileError("argz[0] == 1", Stage.ENTRY);

        assertThat(e.getMessage()).isEqualTo(
                "--where 'argz[0] == 1': column 1: unknown name 'argz'; the variables are args, thread");
    }

    @Test
    void exitVariableInEntryCondition_saysItIsKnownOnlyAtExit() {
        ConditionException e = compileError("args[0] == 1 && result == 2", Stage.ENTRY);

        assertThat(e.getMessage()).contains("column 17: 'result' is known only when the call exits");
    }

    @Test
    void undeclaredVariableAtExit_listsAllFive() {
        ConditionException e = compileError("reslt == 2", Stage.EXIT);

        assertThat(e.getMessage()).endsWith("the variables are args, thread, result, exception, elapsed");
    }

    @Test
    void elapsedComparedWithANumber_suggestsADuration() {
        ConditionException e = compileError("elapsed > 200", Stage.EXIT);

        assertThat(e.getMessage()).startsWith("--where 'elapsed > 200': column 9: ")
                .endsWith("compare it with a duration such as elapsed > duration('200ms')");
    }

    @Test
    void nonBooleanCondition_isRejectedWithAComparisonToWrite() {
        ConditionException e = compileError("size(args) + 1", Stage.ENTRY);

        assertThat(e.getMessage()).isEqualTo("--where 'size(args) + 1': column 1: the condition's value is int, "
                + "not bool; make it a test such as size(args) + 1 > 0");
    }

    @Test
    void unclosedString_saysWhichQuoteToClose() {
        ConditionException e = compileError("thread == 'http", Stage.ENTRY);

        assertThat(e.getMessage()).contains("column 11: a string is not closed");
    }

    @Test
    void wrongOperandTypes_nameTheTypesAndAConversion() {
        ConditionException e = compileError("thread == 1", Stage.ENTRY);

        assertThat(e.getMessage()).contains("column 8:").contains("(string, int)").contains("string(x)");
    }

    @Test
    void multiLineExpression_namesLineAndColumnOnOneLine() {
        ConditionException e = compileError("args[0] == 1 &&\n  nope", Stage.ENTRY);

        assertThat(e.getMessage()).contains("line 2, column 3: unknown name 'nope'");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void keyExpression_mayHaveAnyType_butIsStillChecked() {
        assertThat(CelCondition.compileKey("args[0].id").expression()).isEqualTo("args[0].id");
        assertThat(CelCondition.compileKey("size(args) + 1").stage()).isEqualTo(Stage.ENTRY);

        assertThatThrownBy(() -> CelCondition.compileKey("args[0] +"))
                .isInstanceOf(ConditionException.class)
                .hasMessageStartingWith("--distinct 'args[0] +': column 10: unexpected end of expression");
    }

    @Test
    void tooLongExpression_isRejected() {
        String longExpression = "args[0] == 1" + " || args[0] == 1".repeat(300);

        assertThatThrownBy(() -> CelCondition.compile(longExpression, Stage.ENTRY))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("more than " + CelCondition.MAX_EXPRESSION_LENGTH + "; shorten it");
    }
}
