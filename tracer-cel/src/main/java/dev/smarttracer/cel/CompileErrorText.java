package dev.smarttracer.cel;

import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns CEL's first compile issue into one line: the option and expression, the 1-based column,
 * what was wrong and what to write instead.
 */
final class CompileErrorText {
    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']*)'");
    private static final Pattern MISMATCHED = Pattern.compile("mismatched input '(.*)' expecting .*");
    private static final Pattern EXTRANEOUS = Pattern.compile("extraneous input '(.*)' expecting .*");
    private static final Pattern TOO_LONG = Pattern.compile("expression code point size exceeds limit: size: (\\d+), limit (\\d+)");
    private static final Pattern TOKEN = Pattern.compile("token recognition error at: '(.*)'");
    private static final Pattern NO_OVERLOAD =
            Pattern.compile("found no matching overload for '([^']*)' applied to '\\((.*)\\)'.*");

    private CompileErrorText() {
    }

    static ConditionException of(String option, String expression, Stage stage, CelIssue issue) {
        CelSourceLocation location = issue.getSourceLocation();
        int line = location.getLine() > 0 ? location.getLine() : 0;
        int column = location.getColumn() >= 0 ? location.getColumn() + 1 : 0;
        String problem = describe(issue.getMessage(), expression, stage);
        return new ConditionException(prefix(option, expression) + position(expression, line, column)
                + problem, line, column);
    }

    static ConditionException notBoolean(String option, String expression, String type) {
        String example = "(" + oneLine(expression) + ") == ...";
        if (type.equals("string")) {
            example = oneLine(expression) + " == \"...\"";
        } else if (type.equals("int") || type.equals("double") || type.equals("uint")) {
            example = oneLine(expression) + " > 0";
        }
        return new ConditionException(prefix(option, expression) + "column 1: the condition's value is "
                + type + ", not bool; make it a test such as " + example, 1, 1);
    }

    /** A read the expression makes that the traced methods cannot give; {@code problem} starts with its column. */
    static ConditionException refused(String option, String expression, String problem) {
        int column = 0;
        if (problem.startsWith("column ")) {
            column = Integer.parseInt(problem.substring("column ".length(), problem.indexOf(':')));
        }
        return new ConditionException(prefix(option, expression) + problem, column == 0 ? 0 : 1, column);
    }

    private static String prefix(String option, String expression) {
        return option + " '" + oneLine(expression) + "': ";
    }

    private static String position(String expression, int line, int column) {
        if (column == 0) {
            return "";
        }
        return expression.indexOf('\n') >= 0 ? "line " + line + ", column " + column + ": " : "column " + column + ": ";
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String describe(String message, String expression, Stage stage) {
        String cel = oneLine(message).strip();
        Matcher m = UNDECLARED.matcher(cel);
        if (m.find()) {
            String name = m.group(1);
            if (stage == Stage.ENTRY && Stage.EXIT.variables().contains(name)) {
                return "'" + name + "' is known only when the call exits; use it in an exit condition, "
                        + "or use only " + String.join(", ", stage.variables());
            }
            return "unknown name '" + name + "'; the variables are " + String.join(", ", stage.variables());
        }
        m = TOO_LONG.matcher(cel);
        if (m.find()) {
            return "the expression has " + m.group(1) + " characters, more than " + m.group(2)
                    + "; shorten it, e.g. with 'in [...]' instead of a chain of ||";
        }
        m = NO_OVERLOAD.matcher(cel);
        if (m.matches()) {
            String operands = m.group(2);
            if (operands.contains("google.protobuf.Duration")
                    && (operands.contains("int") || operands.contains("double"))) {
                return "elapsed is a duration and cannot be compared with a number; "
                        + "compare it with a duration such as elapsed > duration('200ms')";
            }
            return "no operator or function '" + m.group(1).replace("_", "") + "' takes (" + operands
                    + "); convert one side, e.g. int(x), double(x) or string(x)";
        }
        m = MISMATCHED.matcher(stripSyntaxPrefix(cel));
        if (m.matches()) {
            if (m.group(1).equals("<EOF>")) {
                return "unexpected end of expression; write a complete comparison such as args[0] < 0";
            }
            return "unexpected '" + m.group(1) + "'; check the operators, quotes and parentheses around it";
        }
        m = EXTRANEOUS.matcher(stripSyntaxPrefix(cel));
        if (m.matches()) {
            return "unexpected '" + m.group(1) + "'; remove it or complete the expression before it";
        }
        m = TOKEN.matcher(stripSyntaxPrefix(cel));
        if (m.matches()) {
            String token = m.group(1);
            if (token.startsWith("'") || token.startsWith("\"")) {
                return "a string is not closed; end it with the quote it starts with: " + token.charAt(0);
            }
            return "CEL has no token '" + token + "'; check the operators (&&, ||, !, ==, !=, <, in)";
        }
        if (cel.startsWith("Syntax error:")) {
            return stripSyntaxPrefix(cel) + "; check the operators, quotes and parentheses there";
        }
        return cel + "; args and result are dyn, thread is a string, exception a map with type and message, "
                + "elapsed a duration";
    }

    private static String stripSyntaxPrefix(String message) {
        return message.startsWith("Syntax error: ") ? message.substring("Syntax error: ".length()) : message;
    }
}
