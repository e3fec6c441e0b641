package dev.smarttracer.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.lang.reflect.Executable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A compiled CEL expression over one call: a condition ({@code --where}) that says whether the call
 * is traced, or a key ({@code --distinct}) whose value tells calls apart.
 *
 * <p>Compiling parses and type-checks, and fails with a {@link ConditionException}. Evaluating never
 * throws: a run-time failure (no such field, wrong type, the iteration limit, any exception) counts
 * as no match, or {@link #FAILED_KEY} for a key, and is counted in {@link #failures()} with its text
 * kept in {@link #lastFailure()}. Evaluation reads the call's objects as values (see {@code
 * LiveValues}) and never calls a method of the application.
 *
 * <p>Cost: macros ({@code all}, {@code exists}, {@code map}, {@code filter}) stop after {@value
 * #MAX_ITERATIONS} iterations in all, regular expressions may compile to at most {@value
 * #MAX_REGEX_PROGRAM_SIZE} RE2 instructions, an expression has at most {@value #MAX_EXPRESSION_LENGTH}
 * characters, and a list or map read from the call has at most 100 elements, 3 levels deep. CEL has
 * no loops besides macros, so these bound each evaluation.
 *
 * <p>Thread-safe: one instance may be evaluated by many threads at once.
 */
public final class CelCondition {
    /** The value of {@link #key} when evaluation failed; equal only to itself. */
    public static final Object FAILED_KEY = new FailedKey();

    /** Iterations of all macros in one evaluation, nested ones included (CelOptions.comprehensionMaxIterations). */
    public static final int MAX_ITERATIONS = 1_000;
    /** Largest RE2 program a {@code matches} pattern may compile to (CelOptions.maxRegexProgramSize). */
    public static final int MAX_REGEX_PROGRAM_SIZE = 1_000;
    /** Longest expression, in code points (CelOptions.maxExpressionCodePointSize). */
    public static final int MAX_EXPRESSION_LENGTH = 4_096;

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
            .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
            .build();

    private final String option;
    private final String expression;
    private final Stage stage;
    private final CelRuntime.Program program;
    private final ArgumentPaths paths;
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;

    private CelCondition(String option, String expression, Stage stage, CelRuntime.Program program,
            ArgumentPaths paths) {
        this.paths = paths;
        this.option = option;
        this.expression = expression;
        this.stage = stage;
        this.program = program;
    }

    /**
     * Compiles a condition whose value must be a bool (or dyn, checked when evaluated).
     *
     * @throws ConditionException if the expression does not parse or type-check, or is not a bool
     * @throws NullPointerException if an argument is null
     */
    public static CelCondition compile(String expression, Stage stage) {
        return compile("--where", expression, stage, true);
    }

    /**
     * Compiles a key for {@code --distinct} evaluated on entry; its value may be of any type.
     *
     * @throws ConditionException if the expression does not parse or type-check
     * @throws NullPointerException if {@code expression} is null
     */
    public static CelCondition compileKey(String expression) {
        return compileKey(expression, Stage.ENTRY);
    }

    /**
     * Compiles a key for {@code --distinct} evaluated at {@code stage}; its value may be of any type.
     *
     * @throws ConditionException if the expression does not parse or type-check
     * @throws NullPointerException if an argument is null
     */
    public static CelCondition compileKey(String expression, Stage stage) {
        return compile("--distinct", expression, stage, false);
    }

    private static CelCondition compile(String option, String expression, Stage stage, boolean condition) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(stage, "stage");
        Cel cel = environment(stage);
        CelValidationResult checked = cel.compile(expression);
        if (checked.hasError()) {
            throw CompileErrorText.of(option, expression, stage, checked.getErrors().get(0));
        }
        try {
            CelAbstractSyntaxTree ast = checked.getAst();
            CelType type = ast.getResultType();
            if (condition && type != SimpleType.BOOL && type != SimpleType.DYN) {
                throw CompileErrorText.notBoolean(option, expression, type.name());
            }
            return new CelCondition(option, expression, stage, cel.createProgram(ast), ArgumentPaths.of(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            // Both are ruled out by the check above; kept as the cause should CEL disagree.
            throw new IllegalStateException(option + " '" + expression + "': CEL could not build the program: "
                    + e.getMessage(), e);
        }
    }

    // The planner, not the legacy interpreter: in a nested macro over 100 elements it took about a
    // fifth of the time per iteration here, and the iteration limit is what bounds an evaluation.
    private static Cel environment(Stage stage) {
        var builder = CelFactory.plannerCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("args", ListType.create(SimpleType.DYN))
                .addVar("thread", SimpleType.STRING);
        if (stage == Stage.EXIT) {
            builder.addVar("result", SimpleType.DYN)
                    .addVar("exception", SimpleType.DYN)
                    .addVar("elapsed", SimpleType.DURATION);
        }
        return builder.build();
    }

    /**
     * Checks what the expression reads of the arguments against the methods it will run on, before
     * anything is instrumented: an argument index beyond the arity of every method, or a field that
     * an argument's declared class does not have (see {@code ArgumentPaths}).
     *
     * @param methods the methods a trace selected
     * @throws ConditionException one line naming the column and the fix, if a read cannot succeed
     */
    public void checkAgainst(List<? extends Executable> methods) {
        if (methods.isEmpty()) {
            return;
        }
        paths.problem(methods).ifPresent(problem -> {
            throw CompileErrorText.refused(option, expression, problem);
        });
    }

    /** Returns the expression as written. */
    public String expression() {
        return expression;
    }

    /** Returns the stage whose variables the expression uses. */
    public Stage stage() {
        return stage;
    }

    /**
     * Returns whether the call matches: true only if the expression evaluates to true. A failure, or
     * a value that is not a bool, counts as a failure and returns false.
     */
    public boolean test(CallInput input) {
        Object value = evaluate(input);
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value != FAILED_KEY) {
            fail("the value is " + describe(value) + ", not a bool; make the expression a comparison");
        }
        return false;
    }

    /**
     * Returns the expression's value as a plain Java value (Long, Double, String, Boolean, List, Map or
     * null), or {@link #FAILED_KEY} if evaluation failed, which is counted as a failure.
     */
    public Object key(CallInput input) {
        Object value = evaluate(input);
        if (value == FAILED_KEY) {
            return FAILED_KEY;
        }
        try {
            return PlainValues.copy(value);
        } catch (RuntimeException | StackOverflowError e) {
            fail(e.getMessage());
            return FAILED_KEY;
        }
    }

    /** Returns how many evaluations have failed since this was compiled. */
    public long failures() {
        return failures.get();
    }

    /** Returns the text of the latest failure, one line naming the option and expression, or null if none. */
    public String lastFailure() {
        return lastFailure;
    }

    private Object evaluate(CallInput input) {
        if (input == null) {
            fail("no call input was given");
            return FAILED_KEY;
        }
        if (stage == Stage.EXIT && !input.exited()) {
            fail("an exit expression was given an entry input; pass CallInput.exit(...)");
            return FAILED_KEY;
        }
        try {
            return program.eval(variables(input));
        } catch (Exception | LinkageError | StackOverflowError e) {
            fail(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
            return FAILED_KEY;
        }
    }

    private Map<String, Object> variables(CallInput input) {
        Map<String, Object> variables = new HashMap<>(8);
        variables.put("args", new LazyList(input.argCount(), i -> LiveValues.toCel(input.arg(i), 1)));
        variables.put("thread", input.thread());
        if (stage == Stage.EXIT) {
            variables.put("result", LiveValues.toCel(input.result(), 1));
            variables.put("exception", input.exception() == null
                    ? NullValue.NULL_VALUE : LiveValues.exception(input.exception()));
            variables.put("elapsed", Duration.ofNanos(input.elapsedNanos()));
        }
        return variables;
    }

    private void fail(String message) {
        failures.incrementAndGet();
        String text = message == null ? "unknown failure" : message.replace('\n', ' ').replace('\r', ' ');
        lastFailure = option + " '" + expression.replace('\n', ' ') + "': " + text;
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Long || value instanceof Double) {
            return "a number";
        }
        return value == null || value instanceof NullValue ? "null" : "a " + value.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return option + " '" + expression + "' (" + stage + ")";
    }

    private static final class FailedKey {
        @Override
        public String toString() {
            return "<key failed>";
        }
    }
}
