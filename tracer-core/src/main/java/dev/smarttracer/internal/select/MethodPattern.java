package dev.smarttracer.internal.select;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed pattern string: {@code com.acme.Foo#bar}, {@code com.acme.Foo::bar},
 * {@code com.acme.Foo#bar(java.lang.String, int)}, with {@code *} wildcards in the class and
 * method names. In a class name {@code *} also matches dots, so {@code com.acme.*} covers
 * sub-packages. Parameter types may be qualified or simple names; {@code ...} means an array.
 *
 * @param className the class part, possibly with wildcards
 * @param methodName the method part, possibly with wildcards
 * @param parameters the parameter type names, or {@code null} when the pattern gives none
 */
record MethodPattern(String className, String methodName, List<String> parameters) {

    /** The method part that names a class's constructors ({@code <init>} is read as it too). */
    static final String CONSTRUCTORS = "new";
    private static final Pattern NAME = Pattern.compile("[\\p{javaJavaIdentifierPart}.$*]+");
    private static final Pattern METHOD = Pattern.compile("[\\p{javaJavaIdentifierPart}$*]+");
    private static final String FORM = "; expected com.acme.Foo#bar, com.acme.Foo::bar or"
            + " com.acme.Foo#bar(java.lang.String), with * wildcards in the class and method names";

    static MethodPattern parse(String pattern) {
        String text = pattern.strip();
        int hash = text.indexOf('#');
        int colons = text.indexOf("::");
        int cut = hash >= 0 ? hash : colons;
        if (cut <= 0 || (hash >= 0 && colons >= 0)) {
            throw new IllegalArgumentException("cannot read the pattern \"" + pattern + "\"" + FORM);
        }
        String type = text.substring(0, cut);
        String rest = text.substring(cut + (hash >= 0 ? 1 : 2));
        List<String> parameters = null;
        int open = rest.indexOf('(');
        if (open >= 0) {
            if (!rest.endsWith(")")) {
                throw new IllegalArgumentException("the parameter list of \"" + pattern + "\" is not closed" + FORM);
            }
            String inside = rest.substring(open + 1, rest.length() - 1).strip();
            parameters = inside.isEmpty() ? List.of()
                    : Arrays.stream(inside.split(",")).map(String::strip).map(p -> p.replace("...", "[]")).toList();
            rest = rest.substring(0, open);
        }
        if (!NAME.matcher(type).matches() || type.startsWith(".") || type.endsWith(".")) {
            throw new IllegalArgumentException("\"" + type + "\" in \"" + pattern + "\" is not a class name" + FORM);
        }
        if (rest.equals(TargetMethod.CONSTRUCTOR)) {
            rest = CONSTRUCTORS;
        }
        if (!METHOD.matcher(rest).matches()) {
            throw new IllegalArgumentException("\"" + rest + "\" in \"" + pattern + "\" is not a method name" + FORM);
        }
        if (parameters != null && parameters.stream().anyMatch(p -> !p.matches("[\\p{javaJavaIdentifierPart}.$\\[\\]]+"))) {
            throw new IllegalArgumentException("the parameter types " + parameters + " in \"" + pattern
                    + "\" must be type names such as java.lang.String, String, int or byte[]" + FORM);
        }
        return new MethodPattern(type, rest, parameters);
    }

    boolean classIsGlob() {
        return className.indexOf('*') >= 0;
    }

    boolean methodIsGlob() {
        return methodName.indexOf('*') >= 0;
    }

    Pattern classRegex() {
        return glob(className);
    }

    boolean methodMatches(String name) {
        return glob(methodName).matcher(name).matches();
    }

    /** Tells whether the pattern names constructors ({@code Foo#new}); a wildcard never does. */
    boolean namesConstructors() {
        return methodName.equals(CONSTRUCTORS);
    }

    /** Tells whether a method the JVM names so matches: {@code <init>} only for {@code Foo#new}. */
    boolean matchesJvmName(String name) {
        return name.equals(TargetMethod.CONSTRUCTOR) ? namesConstructors() : !name.startsWith("<") && methodMatches(name);
    }

    boolean parametersMatch(Executable method) {
        if (parameters == null) {
            return true;
        }
        Class<?>[] types = method.getParameterTypes();
        if (types.length != parameters.size()) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            String wanted = parameters.get(i);
            String full = types[i].getTypeName();
            String simple = types[i].getSimpleName();
            if (!wanted.equals(full) && !wanted.equals(simple) && !wanted.equals(full.replace('$', '.'))) {
                return false;
            }
        }
        return true;
    }

    /** Tells whether a method's parameters, given by its descriptor, match; for classes not loaded yet. */
    boolean parametersMatch(String descriptor) {
        if (parameters == null) {
            return true;
        }
        org.objectweb.asm.Type[] types = org.objectweb.asm.Type.getArgumentTypes(descriptor);
        if (types.length != parameters.size()) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            String wanted = parameters.get(i);
            String full = types[i].getClassName();
            String simple = full.substring(Math.max(full.lastIndexOf('.'), full.lastIndexOf('$')) + 1);
            if (!wanted.equals(full) && !wanted.equals(simple) && !wanted.equals(full.replace('$', '.'))) {
                return false;
            }
        }
        return true;
    }

    String parametersText() {
        return parameters == null ? "" : "(" + String.join(", ", parameters) + ")";
    }

    static String display(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static Pattern glob(String text) {
        String[] parts = text.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
