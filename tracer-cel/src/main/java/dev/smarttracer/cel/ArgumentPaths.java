package dev.smarttracer.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableExpr;
import java.lang.reflect.Field;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The arguments an expression reads by a constant index, and the fields it reads from them
 * ({@code args[0].customer.id}), checked against the methods a trace selected before anything is
 * instrumented: an index beyond every method's arity, or a field that the argument's declared
 * class does not have, is a mistake that would otherwise count every call as no match.
 *
 * <p>Only what the declared types decide is refused: a field of an interface, an abstract class
 * or {@code Object} may be there at run time, and so is not checked; nor is a field tested with
 * {@code has(...)}, the way to read a field that only some subclasses declare.
 */
final class ArgumentPaths {

    /** The comparisons whose operands' kinds a declared type can contradict. */
    private static final Set<String> COMPARISONS = Set.of("_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_");

    /**
     * One read of an argument: {@code args[index]} and the fields selected from it, in order.
     *
     * @param column where {@code args} starts, from 1, or 0 if unknown
     * @param comparedWith the kind of constant the read is compared with ({@code string},
     *     {@code number}, {@code bool}, {@code null}), or {@code null} when it is not
     */
    record Path(int index, List<String> fields, int column, String comparedWith) {
        String text() {
            StringBuilder text = new StringBuilder("args[").append(index).append(']');
            fields.forEach(field -> text.append('.').append(field));
            return text.toString();
        }
    }

    private final List<Path> paths;
    private final Set<String> tested;

    private ArgumentPaths(List<Path> paths, Set<String> tested) {
        this.paths = paths;
        this.tested = tested;
    }

    static ArgumentPaths of(CelAbstractSyntaxTree ast) {
        Map<Long, Integer> positions = ast.getSource().getPositionsMap();
        List<Path> paths = new ArrayList<>();
        Set<String> tested = new HashSet<>();
        CelNavigableExpr.fromExpr(ast.getExpr()).allNodes().forEach(node -> {
            CelExpr expr = node.expr();
            Path path = path(expr, positions);
            if (path == null) {
                return;
            }
            if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && expr.select().testOnly()) {
                tested.add(path.text());
            }
            paths.add(path);
        });
        CelNavigableExpr.fromExpr(ast.getExpr()).allNodes().forEach(node -> {
            CelExpr expr = node.expr();
            if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || !COMPARISONS.contains(expr.call().function())
                    || expr.call().args().size() != 2) {
                return;
            }
            for (int side = 0; side < 2; side++) {
                Path path = path(expr.call().args().get(side), positions);
                String kind = constantKind(expr.call().args().get(1 - side));
                if (path != null && kind != null) {
                    paths.add(new Path(path.index(), path.fields(), path.column(), kind));
                }
            }
        });
        return new ArgumentPaths(paths, tested);
    }

    /** Returns the path an expression reads, if it is {@code args[constant]} with fields selected from it. */
    private static Path path(CelExpr expr, Map<Long, Integer> positions) {
        List<String> fields = new ArrayList<>();
        CelExpr at = expr;
        while (at.getKind() == CelExpr.ExprKind.Kind.SELECT) {
            fields.add(0, at.select().field());
            at = at.select().operand();
        }
        if (at.getKind() != CelExpr.ExprKind.Kind.CALL || !at.call().function().equals("_[_]")
                || at.call().args().size() != 2) {
            return null;
        }
        CelExpr list = at.call().args().get(0);
        CelExpr index = at.call().args().get(1);
        if (list.getKind() != CelExpr.ExprKind.Kind.IDENT || !list.ident().name().equals("args")
                || index.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        CelConstant constant = index.constant();
        long value;
        if (constant.getKind() == CelConstant.Kind.INT64_VALUE) {
            value = constant.int64Value();
        } else if (constant.getKind() == CelConstant.Kind.UINT64_VALUE) {
            value = constant.uint64Value().longValue();
        } else {
            return null;
        }
        if (value < 0 || value > 255) {
            value = 256;
        }
        Integer offset = positions.get(list.id());
        return new Path((int) value, List.copyOf(fields), offset == null ? 0 : offset + 1, null);
    }

    /** Returns the kind of a constant operand, or {@code null} if the operand is not a constant. */
    private static String constantKind(CelExpr expr) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        return switch (expr.constant().getKind()) {
            case INT64_VALUE, UINT64_VALUE, DOUBLE_VALUE -> "number";
            case STRING_VALUE -> "string";
            case BOOLEAN_VALUE -> "bool";
            case NULL_VALUE -> "null";
            default -> null;
        };
    }

    /** Returns the kind a declared type is read as, or {@code null} when the type does not say. */
    private static String kindOf(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class || type.isEnum()) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "bool";
        }
        if (type.isPrimitive() || (Number.class.isAssignableFrom(type) && JdkClasses.isJdk(type))) {
            return "number";
        }
        return null;
    }

    private static String comparisonProblem(String read, Class<?> type, String constant, Executable method) {
        String kind = kindOf(type);
        if (kind == null || kind.equals(constant) || (constant.equals("null") && !type.isPrimitive())) {
            return null;
        }
        String example = switch (kind) {
            case "string" -> read + " == 'text'";
            case "bool" -> read + " == true";
            default -> read + " > 0";
        };
        return read + " is " + article(type.getTypeName()) + " of " + name(method) + ", read as a " + kind
                + (constant.equals("null") ? ", never null" : ", but is compared with a " + constant)
                + "; compare it with a " + kind + ", e.g. " + example;
    }

    /**
     * Returns what the expression reads that none of the methods can give, as one line naming the
     * column and the fix, or empty if every read may succeed on one of them.
     */
    Optional<String> problem(List<? extends Executable> methods) {
        for (Path path : paths) {
            String first = null;
            for (Executable method : methods) {
                String problem = problem(path, method);
                if (problem == null) {
                    first = null;
                    break;
                }
                if (first == null) {
                    first = problem;
                }
            }
            if (first != null) {
                return Optional.of((path.column() > 0 ? "column " + path.column() + ": " : "") + first);
            }
        }
        return Optional.empty();
    }

    private String problem(Path path, Executable method) {
        int arity = method.getParameterCount();
        if (path.index() >= arity) {
            return "args[" + (path.index() > 255 ? "..." : path.index()) + "] is beyond the arguments of "
                    + name(method) + ", which " + (arity == 0 ? "takes none" : "takes " + arity + ": args[0]"
                    + (arity == 1 ? "" : " to args[" + (arity - 1) + "]"));
        }
        Class<?> type = method.getParameterTypes()[path.index()];
        StringBuilder read = new StringBuilder("args[").append(path.index()).append(']');
        for (int i = 0; i < path.fields().size(); i++) {
            String field = path.fields().get(i);
            if (i >= LiveValues.MAX_DEPTH) {
                return read + "." + field + " reads deeper than conditions read objects (" + LiveValues.MAX_DEPTH
                        + " levels: args[i].a.b.c); compare a field nearer the argument";
            }
            if (!checkable(type)) {
                return null;
            }
            if (isValue(type)) {
                return read + " is " + article(type.getTypeName()) + " of " + name(method) + ", read as a value without"
                        + " fields; compare it directly, e.g. " + read + " == ...";
            }
            Field declared = field(type, field);
            if (declared == null) {
                if (tested.contains(read + "." + field)) {
                    return null;
                }
                List<String> names = fieldNames(type);
                return read + " is " + article(type.getName()) + " of " + name(method) + ", which has no field " + field
                        + (names.isEmpty() ? "" : " (its fields: " + String.join(", ", names) + ")")
                        + (Modifier.isFinal(type.getModifiers()) ? "" : "; if a subclass has it, test it first: has("
                                + read + "." + field + ") && ...");
            }
            type = declared.getType();
            read.append('.').append(field);
        }
        return path.comparedWith() == null ? null : comparisonProblem(read.toString(), type, path.comparedWith(), method);
    }

    /** Whether the declared type says which fields the value has: a concrete application class or a value. */
    private static boolean checkable(Class<?> type) {
        if (type.isPrimitive() || isValue(type)) {
            return true;
        }
        return !type.isInterface() && !Modifier.isAbstract(type.getModifiers()) && !type.isArray()
                && type != Object.class && !JdkClasses.isJdk(type);
    }

    /** Whether a value of this type is read as a plain value (number, string, bool, enum name). */
    private static boolean isValue(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type == String.class || type == Boolean.class
                || type == Character.class || (Number.class.isAssignableFrom(type) && JdkClasses.isJdk(type)
                && !type.equals(Number.class));
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null && !JdkClasses.isJdk(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals(name) && !Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    return field;
                }
            }
        }
        return null;
    }

    private static List<String> fieldNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Class<?> c = type; c != null && !JdkClasses.isJdk(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic() && !names.contains(field.getName())) {
                    names.add(field.getName());
                }
            }
        }
        return names.size() > 12 ? names.subList(0, 12) : names;
    }

    private static String article(String type) {
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    /** Names a method as a pattern would, its parameters by their simple names. */
    private static String name(Executable method) {
        String methodName = method instanceof java.lang.reflect.Constructor<?> ? "new" : method.getName();
        return method.getDeclaringClass().getName() + "#" + methodName + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }
}
