package dev.smarttracer.internal.select;

import dev.smarttracer.MethodRef;
import dev.smarttracer.Scope;
import dev.smarttracer.TraceOptions;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what a user names (a method reference, a {@link Method}, a class and method name, or a
 * pattern string) into the exact methods to instrument, or refuses with a message that names the
 * problem and the fix.
 *
 * <p>Thread-safe; holds no state beyond its two views of the JVM.
 */
public final class MethodSelector {

    /** The most methods one trace may select; more would slow the application down noticeably. */
    public static final int MAX_METHODS = 1_000;

    private final Supplier<Class<?>[]> loadedClasses;
    private final Predicate<Class<?>> modifiable;
    private final Function<Method, Optional<String>> tracerRefusal;
    private final Function<Class<?>, List<String[]>> constantPool;

    /**
     * Creates a selector.
     *
     * @param loadedClasses lists the classes loaded in the JVM, for patterns
     * @param modifiable tells whether the JVM can change a class's bytecode
     * @param tracerRefusal says why the tracer itself cannot trace a JDK method (it runs it on the
     *     traced thread before its re-entry guard), or empty
     * @param constantPool lists the method references of a class's constant pool (class, name,
     *     descriptor), to find what a lambda object runs
     */
    public MethodSelector(Supplier<Class<?>[]> loadedClasses, Predicate<Class<?>> modifiable,
            Function<Method, Optional<String>> tracerRefusal, Function<Class<?>, List<String[]>> constantPool) {
        this.loadedClasses = loadedClasses;
        this.modifiable = modifiable;
        this.tracerRefusal = tracerRefusal;
        this.constantPool = constantPool;
    }

    /**
     * What a trace instruments: methods of classes loaded now, and what it takes among classes that
     * load while it runs.
     *
     * @param methods the methods of loaded classes; empty if the trace waits for classes to load
     * @param later what it takes among classes that load later, or {@code null} if nothing
     */
    public record Selection(List<TargetMethod> methods, LaterClasses later) {
        /** Selects methods of loaded classes only. */
        static Selection of(List<TargetMethod> methods) {
            return new Selection(methods, null);
        }

        /** Tells whether nothing loaded now is selected: the trace waits for classes to load. */
        public boolean waits() {
            return methods.isEmpty();
        }
    }

    /** Selects the method a reference such as {@code Foo::bar} points to, or the constructor of {@code Foo::new}. */
    public Selection select(MethodRef ref, TraceOptions options) {
        return selectRunning(MethodRefResolver.resolve(ref), options);
    }

    /**
     * Selects the method a lambda or method-reference object runs: a lambda's body (the private
     * {@code lambda$...} method the compiler wrote, which handing the lambda over names), or the
     * method or constructor referred to.
     *
     * @throws IllegalArgumentException if the object is no lambda, or the JVM cannot tell what it runs
     */
    public Selection selectFunction(Object function, TraceOptions options) {
        return selectRunning(MethodRefResolver.resolveObject(function, constantPool), options);
    }

    private Selection selectRunning(Executable referenced, TraceOptions options) {
        if (referenced instanceof Method method) {
            boolean lambdaBody = method.isSynthetic() && isLambdaBody(method);
            return select(method, lambdaBody ? options.scope(Scope.LOCAL) : options);
        }
        Class<?> type = referenced.getDeclaringClass();
        checkClass(type, options);
        if (Modifier.isPrivate(referenced.getModifiers()) && options.scope() != Scope.LOCAL) {
            throw new IllegalArgumentException(type.getName() + "#new is private; pass"
                    + " TraceOptions.defaults().scope(Scope.LOCAL) to trace private constructors");
        }
        return Selection.of(admit(List.of(TargetMethod.of(referenced)), true));
    }

    /**
     * Selects one method, refusing it if it cannot be traced with these options. A bridge method
     * (which the compiler adds for generics and covariant returns, and which only forwards) is
     * replaced by the method it bridges to, the one that runs.
     */
    public Selection select(Method method, TraceOptions options) {
        if (method.isBridge()) {
            method = bridgedTo(method);
        }
        checkClass(method.getDeclaringClass(), options);
        if (Modifier.isAbstract(method.getModifiers()) && !options.declaredOnly()) {
            Class<?> type = method.getDeclaringClass();
            Implementations found = implementations(type, List.of(method), options);
            return new Selection(admit(found.methods(), true), LaterClasses.implementations(
                    type.getName() + "#" + method.getName(), type, List.of(method), found.below(), options.scope()));
        }
        checkMethod(method, options.scope());
        return Selection.of(admit(List.of(TargetMethod.of(method)), true));
    }

    /** Selects every traceable overload of a name declared by a class. */
    public Selection select(Class<?> type, String methodName, TraceOptions options) {
        checkClass(type, options);
        List<Method> abstracts = abstractMethods(type, m -> m.getName().equals(methodName), options);
        if (!abstracts.isEmpty()) {
            Implementations found = implementations(type, abstracts, options);
            return new Selection(admit(found.methods(), true), LaterClasses.implementations(
                    type.getName() + "#" + methodName, type, abstracts, found.below(), options.scope()));
        }
        return Selection.of(admit(named(type, methodName, null, options.scope()), true));
    }

    /**
     * Selects what a pattern such as {@code com.acme.*Service#get*} names among loaded classes,
     * and, for a class wildcard, an annotation or an abstract method, what it takes among classes
     * that load later. A class wildcard or an annotation that selects nothing loaded now waits for
     * classes to load; so does an abstract method no loaded class implements yet.
     */
    public Selection select(String pattern, TraceOptions options) {
        if (pattern.strip().startsWith("@")) {
            return annotated(pattern, options);
        }
        MethodPattern parsed = MethodPattern.parse(pattern);
        Set<TargetMethod> selected = new LinkedHashSet<>();
        LaterClasses later = null;
        if (parsed.classIsGlob()) {
            List<Class<?>> classes = globClasses(parsed, options);
            for (Class<?> type : classes) {
                selected.addAll(parsed.methodIsGlob()
                        ? globMethods(type, parsed, options.scope())
                        : namedOrNone(type, parsed, options.scope()));
                checkCount(pattern, selected.size());
            }
            if (selected.isEmpty() && !classes.isEmpty()) {
                throw new IllegalArgumentException("no traceable method matches " + pattern + " in the "
                        + classes.size() + " loaded classes matching " + parsed.className()
                        + (options.scope() == Scope.GLOBAL ? " (private methods need Scope.LOCAL)" : "")
                        + "; check the method name");
            }
            later = LaterClasses.named(pattern, parsed, options.scope());
        } else {
            for (Class<?> type : exactClasses(parsed.className())) {
                checkClass(type, options);
                List<Method> abstracts = abstractMethods(type,
                        m -> parsed.methodMatches(m.getName()) && parsed.parametersMatch(m), options);
                if (!abstracts.isEmpty()) {
                    Implementations found = implementations(type, abstracts, options);
                    selected.addAll(found.methods());
                    later = LaterClasses.implementations(pattern, type, abstracts, found.below(), options.scope());
                    if (parsed.methodIsGlob()) {
                        selected.addAll(globMethods(type, parsed, options.scope()));
                    }
                    checkCount(pattern, selected.size());
                    continue;
                }
                selected.addAll(parsed.methodIsGlob()
                        ? globMethodsOrFail(type, parsed, options.scope())
                        : named(type, parsed.methodName(), parsed, options.scope()));
                checkCount(pattern, selected.size());
            }
        }
        return new Selection(admit(List.copyOf(selected), !parsed.classIsGlob() && !parsed.methodIsGlob()), later);
    }

    /**
     * Selects the methods an annotation marks, as JFR's method tracing does: {@code @com.acme.Audited}
     * selects every method that carries it, on loaded classes, and every method of a loaded class
     * that carries it (or inherits it, if the annotation is {@code @Inherited}); a method part
     * ({@code @com.acme.Audited#save*}) narrows it. Annotations the JVM keeps at run time only
     * ({@code RetentionPolicy.RUNTIME}). Classes that cannot be traced are left out quietly, as
     * under a class wildcard.
     */
    private Selection annotated(String pattern, TraceOptions options) {
        String text = pattern.strip().substring(1);
        int hash = text.indexOf('#');
        int colons = text.indexOf("::");
        int cut = hash >= 0 ? hash : colons;
        String annotation = cut < 0 ? text : text.substring(0, cut);
        MethodPattern methods = MethodPattern.parse(annotation + (cut < 0 ? "#*" : text.substring(cut)));
        if (annotation.indexOf('*') >= 0) {
            throw new IllegalArgumentException("\"@" + annotation + "\" in \"" + pattern + "\" must name one annotation"
                    + " by its binary name, e.g. @com.acme.Audited or @com.acme.Audited#save*");
        }
        Set<TargetMethod> selected = new LinkedHashSet<>();
        int classes = 0;
        for (Class<?> type : loadedClasses.get()) {
            if (type.isAnnotation() || type.isInterface()
                    || ClassPolicy.refusal(type.getName(), options.allowJdkClasses()).isPresent()
                    || ClassPolicy.unmodifiable(type).isPresent() || !modifiable.test(type)) {
                continue;
            }
            try {
                boolean wholeClass = carries(type.getAnnotations(), annotation);
                classes += wholeClass ? 1 : 0;
                for (Method method : type.getDeclaredMethods()) {
                    if ((wholeClass || carries(method.getDeclaredAnnotations(), annotation))
                            && methods.methodMatches(method.getName()) && methods.parametersMatch(method)
                            && !method.isBridge() && !method.isSynthetic()
                            && (method.getModifiers() & (Modifier.ABSTRACT | Modifier.NATIVE)) == 0
                            && (options.scope() == Scope.LOCAL || !Modifier.isPrivate(method.getModifiers()))) {
                        selected.add(TargetMethod.of(method));
                    }
                }
            } catch (LinkageError | RuntimeException unreadable) {
                // A class whose annotations or methods name a class that cannot be loaded: not selected.
            }
            checkCount(pattern, selected.size());
        }
        if (selected.isEmpty() && classes > 0) {
            throw new IllegalArgumentException("no traceable method of a loaded class carries @" + annotation
                    + " (" + classes + " loaded classes carry it, but none of their methods match "
                    + methods.methodName() + methods.parametersText() + ")"
                    + (options.scope() == Scope.GLOBAL ? "; private methods need Scope.LOCAL" : ""));
        }
        return new Selection(admit(List.copyOf(selected), false),
                LaterClasses.annotated(pattern, annotation, methods, options.scope()));
    }

    private static boolean carries(java.lang.annotation.Annotation[] annotations, String name) {
        for (java.lang.annotation.Annotation annotation : annotations) {
            if (annotation.annotationType().getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the abstract methods of a class that a selection names, whose implementations it
     * then selects; none if the options keep the selection to the class itself.
     */
    private static List<Method> abstractMethods(Class<?> type, Predicate<Method> named, TraceOptions options) {
        if (options.declaredOnly()) {
            return List.of();
        }
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()) && !m.isSynthetic() && named.test(m))
                .toList();
    }

    /**
     * Selects, for abstract methods of a class or interface, the method that runs in each loaded
     * class below it that implements or overrides them: the first declaration with a body on the
     * way up from each concrete class (a bridge the compiler added for generics is replaced by the
     * method it forwards to), each once. Classes that cannot be traced (hidden classes such as
     * lambdas, the tracer's, the JDK's without opt-in) are left out; if classes implement them but
     * none can be traced, refuses with the reason. None if no loaded class implements them yet.
     */
    private Implementations implementations(Class<?> type, List<Method> abstracts, TraceOptions options) {
        Set<TargetMethod> found = new LinkedHashSet<>();
        List<Class<?>> below = new ArrayList<>();
        int implementing = 0;
        String firstRefusal = null;
        for (Class<?> loaded : loadedClasses.get()) {
            if (loaded == type || !type.isAssignableFrom(loaded)) {
                continue;
            }
            below.add(loaded);
            if (loaded.isInterface() || Modifier.isAbstract(loaded.getModifiers())) {
                continue;
            }
            implementing++;
            Optional<String> refusal = ClassPolicy.refusal(loaded.getName(), options.allowJdkClasses())
                    .or(() -> ClassPolicy.unmodifiable(loaded))
                    .or(() -> modifiable.test(loaded) ? Optional.empty()
                            : Optional.of(loaded.getName() + ": this JVM does not allow changing its bytecode"));
            for (Method method : abstracts) {
                Method runs = runningMethod(loaded, method);
                if (runs == null || (Modifier.isPrivate(runs.getModifiers()) && options.scope() != Scope.LOCAL)) {
                    continue;
                }
                Optional<String> declarer = runs.getDeclaringClass() == loaded ? refusal
                        : ClassPolicy.refusal(runs.getDeclaringClass().getName(), options.allowJdkClasses())
                                .or(() -> ClassPolicy.unmodifiable(runs.getDeclaringClass()));
                if (declarer.isPresent()) {
                    firstRefusal = firstRefusal == null ? declarer.get() : firstRefusal;
                } else {
                    found.add(TargetMethod.of(runs));
                }
            }
            checkCount(type.getName() + "#" + abstracts.get(0).getName(), found.size());
        }
        if (found.isEmpty() && implementing > 0) {
            String name = type.getName() + "#" + abstracts.get(0).getName();
            throw new IllegalArgumentException("cannot trace " + name + ": it is abstract, and no loaded class"
                    + " implementing it can be traced: " + firstRefusal);
        }
        return new Implementations(List.copyOf(found), below);
    }

    /** The methods that run for abstract methods in loaded classes, and every loaded class below the type. */
    private record Implementations(List<TargetMethod> methods, List<Class<?>> below) {
    }

    /** Returns the method with a body that runs for an abstract method in a concrete class, or {@code null}. */
    private static Method runningMethod(Class<?> concrete, Method abstractMethod) {
        for (Class<?> c = concrete; c != null; c = c.getSuperclass()) {
            Method declared;
            try {
                declared = c.getDeclaredMethod(abstractMethod.getName(), abstractMethod.getParameterTypes());
            } catch (NoSuchMethodException notHere) {
                continue;
            }
            if (Modifier.isAbstract(declared.getModifiers()) || Modifier.isNative(declared.getModifiers())) {
                return null;
            }
            return declared.isBridge() ? bridgedTo(declared) : declared;
        }
        // A default method of an interface, the implementation the class inherits.
        try {
            Method inherited = concrete.getMethod(abstractMethod.getName(), abstractMethod.getParameterTypes());
            return inherited.isDefault() ? inherited : null;
        } catch (NoSuchMethodException notPublic) {
            return null;
        }
    }

    /**
     * Keeps the JDK methods the tracer can trace: refuses them all if the user named them
     * exactly, and drops them quietly from a wildcard's matches unless nothing else is left.
     */
    private List<TargetMethod> admit(List<TargetMethod> selected, boolean named) {
        List<TargetMethod> admitted = new ArrayList<>();
        String firstRefusal = null;
        for (TargetMethod target : selected) {
            Optional<String> refusal = !ClassPolicy.isJdk(target.owner().getName()) ? Optional.empty()
                    : target.executable() instanceof Method method
                            ? tracerRefusal.apply(method).or(() -> IntrinsicMethods.refusal(method))
                            : Optional.of(target.owner().getName() + "#new: the constructors of JDK classes run"
                                    + " wherever objects are made, the tracer's own included; trace a method");
            if (refusal.isEmpty()) {
                admitted.add(target);
            } else if (named || firstRefusal == null) {
                if (named) {
                    throw new IllegalArgumentException("cannot trace " + refusal.get());
                }
                firstRefusal = refusal.get();
            }
        }
        if (admitted.isEmpty() && firstRefusal != null) {
            throw new IllegalArgumentException("cannot trace any method the pattern selects; the first: "
                    + firstRefusal);
        }
        return List.copyOf(admitted);
    }

    private void checkClass(Class<?> type, TraceOptions options) {
        Optional<String> refusal = ClassPolicy.refusal(type.getName(), options.allowJdkClasses())
                .or(() -> ClassPolicy.unmodifiable(type));
        if (refusal.isPresent()) {
            throw new IllegalArgumentException("cannot trace " + refusal.get());
        }
        if (!modifiable.test(type)) {
            throw new IllegalArgumentException("cannot trace " + type.getName()
                    + ": this JVM does not allow changing its bytecode (Instrumentation.isModifiableClass)");
        }
    }

    /**
     * A lambda's body: a synthetic method the compiler names {@code lambda$<enclosing>$<n>}, the
     * only synthetic methods worth tracing (a wildcard that starts with {@code lambda$} finds them).
     */
    private static boolean isLambdaBody(Method method) {
        return method.getName().startsWith("lambda$");
    }

    private static Method bridgedTo(Method bridge) {
        List<Method> targets = Arrays.stream(bridge.getDeclaringClass().getDeclaredMethods())
                .filter(m -> !m.isBridge() && m.getName().equals(bridge.getName())
                        && m.getParameterCount() == bridge.getParameterCount()
                        && bridge.getReturnType().isAssignableFrom(m.getReturnType())
                        && assignable(bridge.getParameterTypes(), m.getParameterTypes()))
                .toList();
        String name = bridge.getDeclaringClass().getName() + "#" + bridge.getName();
        if (targets.size() != 1) {
            throw new IllegalArgumentException("cannot trace " + MethodPattern.display(bridge) + ": it is a bridge"
                    + " method the compiler added to " + name + ", which only forwards to another method"
                    + (targets.isEmpty() ? "" : ", and it may forward to any of " + targets.stream()
                            .map(MethodPattern::display).collect(Collectors.joining(", ")))
                    + "; trace the method it forwards to, e.g. with the pattern " + name + "(<parameter types>)");
        }
        return targets.get(0);
    }

    private static boolean assignable(Class<?>[] to, Class<?>[] from) {
        for (int i = 0; i < to.length; i++) {
            if (!to[i].isAssignableFrom(from[i])) {
                return false;
            }
        }
        return true;
    }

    private static void checkMethod(Method method, Scope scope) {
        String name = method.getDeclaringClass().getName() + "#" + method.getName();
        int modifiers = method.getModifiers();
        if (Modifier.isAbstract(modifiers)) {
            throw new IllegalArgumentException("cannot trace " + name + ": it is abstract and has no body, and"
                    + " declaredOnly(true) keeps the selection to it; trace the method of a class that implements"
                    + " it, or leave out declaredOnly to trace every implementation");
        }
        if (Modifier.isNative(modifiers)) {
            throw new IllegalArgumentException("cannot trace " + name + ": it is native and has no bytecode");
        }
        if (Modifier.isPrivate(modifiers) && scope != Scope.LOCAL) {
            throw new IllegalArgumentException(name + " is private; pass TraceOptions.defaults().scope(Scope.LOCAL)"
                    + " to trace private methods");
        }
    }

    private static List<TargetMethod> named(Class<?> type, String name, MethodPattern parsed, Scope scope) {
        if (name.equals(MethodPattern.CONSTRUCTORS)) {
            return constructors(type, parsed, scope);
        }
        List<Method> candidates = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge())
                .filter(m -> parsed == null || parsed.parametersMatch(m))
                .toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException(noSuchMethod(type, name, parsed));
        }
        List<Method> withBody = candidates.stream()
                .filter(m -> !Modifier.isAbstract(m.getModifiers()) && !Modifier.isNative(m.getModifiers()))
                .toList();
        if (withBody.isEmpty()) {
            checkMethod(candidates.get(0), scope);
        }
        List<Method> visible = withBody.stream()
                .filter(m -> scope == Scope.LOCAL || !Modifier.isPrivate(m.getModifiers()))
                .toList();
        if (visible.isEmpty()) {
            checkMethod(withBody.get(0), scope);
        }
        return visible.stream().map(TargetMethod::of).toList();
    }

    /**
     * Selects a class's constructors ({@code Foo#new}); a private one needs {@code Scope.LOCAL}. Static
     * initialisers are never selected.
     */
    private static List<TargetMethod> constructors(Class<?> type, MethodPattern parsed, Scope scope) {
        if (type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is an interface and has no constructor");
        }
        List<Constructor<?>> matching = Arrays.stream(type.getDeclaredConstructors())
                .filter(c -> !c.isSynthetic() && (parsed == null || parsed.parametersMatch(c)))
                .toList();
        if (matching.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no constructor new"
                    + (parsed == null ? "" : parsed.parametersText()) + "; its constructors are: "
                    + Arrays.stream(type.getDeclaredConstructors()).map(c -> "new" + Arrays.stream(c.getParameterTypes())
                            .map(Class::getTypeName).collect(Collectors.joining(", ", "(", ")")))
                            .collect(Collectors.joining(", ")));
        }
        List<Constructor<?>> visible = matching.stream()
                .filter(c -> scope == Scope.LOCAL || !Modifier.isPrivate(c.getModifiers()))
                .toList();
        if (visible.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + "#new is private; pass"
                    + " TraceOptions.defaults().scope(Scope.LOCAL) (--local) to trace private constructors");
        }
        return visible.stream().map(TargetMethod::of).toList();
    }

    private static List<TargetMethod> namedOrNone(Class<?> type, MethodPattern parsed, Scope scope) {
        try {
            return named(type, parsed.methodName(), parsed, scope);
        } catch (IllegalArgumentException notHere) {
            // Under a class wildcard, a class without the method is simply not selected.
            return List.of();
        }
    }

    private static List<TargetMethod> globMethods(Class<?> type, MethodPattern parsed, Scope scope) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> parsed.methodMatches(m.getName()) && parsed.parametersMatch(m))
                .filter(m -> !m.isBridge()
                        && (!m.isSynthetic() || isLambdaBody(m) && parsed.methodName().startsWith("lambda$")))
                .filter(m -> (m.getModifiers() & (Modifier.ABSTRACT | Modifier.NATIVE)) == 0)
                .filter(m -> scope == Scope.LOCAL || !Modifier.isPrivate(m.getModifiers()))
                .map(TargetMethod::of)
                .toList();
    }

    private static List<TargetMethod> globMethodsOrFail(Class<?> type, MethodPattern parsed, Scope scope) {
        List<TargetMethod> found = globMethods(type, parsed, scope);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no traceable method of " + type.getName() + " matches "
                    + parsed.methodName() + (scope == Scope.GLOBAL ? " (private methods need Scope.LOCAL)" : "")
                    + ";" + " its methods are: " + methodNames(type));
        }
        return found;
    }

    private static String noSuchMethod(Class<?> type, String name, MethodPattern parsed) {
        List<String> names = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> !m.isSynthetic() || isLambdaBody(m)).map(Method::getName).toList();
        if (names.contains(name) && parsed != null) {
            return type.getName() + " has no method " + name + parsed.parametersText() + "; its overloads are: "
                    + Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                            .map(MethodPattern::display).collect(Collectors.joining(", "));
        }
        for (Class<?> up = type.getSuperclass(); up != null; up = up.getSuperclass()) {
            if (Arrays.stream(up.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name))) {
                return type.getName() + " does not declare " + name + "; it inherits it from " + up.getName()
                        + ": trace " + up.getName() + "#" + name + " (that traces it for every subclass using it)";
            }
        }
        return type.getName() + " has no method named " + name + "." + NearNames.suggestion(NearNames.closest(name, names, 5));
    }

    private static String methodNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> !m.isSynthetic() || isLambdaBody(m))
                .map(Method::getName)
                .distinct().sorted().collect(Collectors.joining(", "));
    }

    private List<Class<?>> globClasses(MethodPattern parsed, TraceOptions options) {
        Pattern regex = parsed.classRegex();
        List<Class<?>> matching = new ArrayList<>();
        String firstRefusal = null;
        Class<?>[] loaded = loadedClasses.get();
        for (Class<?> type : loaded) {
            if (!regex.matcher(type.getName()).matches()) {
                continue;
            }
            Optional<String> refusal = ClassPolicy.refusal(type.getName(), options.allowJdkClasses())
                    .or(() -> ClassPolicy.unmodifiable(type));
            if (refusal.isEmpty() && modifiable.test(type)) {
                matching.add(type);
            } else if (firstRefusal == null && refusal.isPresent()) {
                firstRefusal = refusal.get();
            }
        }
        if (matching.isEmpty() && firstRefusal != null) {
            throw new IllegalArgumentException("no traceable loaded class matches " + parsed.className()
                    + " among the " + String.format("%,d", loaded.length) + " classes loaded now: " + firstRefusal);
        }
        return matching;
    }

    private List<Class<?>> exactClasses(String className) {
        List<Class<?>> found = Arrays.stream(loadedClasses.get())
                .filter(c -> c.getName().equals(className))
                .collect(Collectors.toList());
        if (!found.isEmpty()) {
            return found;
        }
        for (ClassLoader loader : new ClassLoader[] {
                Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()}) {
            try {
                return List.of(Class.forName(className, false, loader));
            } catch (ClassNotFoundException | LinkageError notThere) {
                // try the next loader
            }
        }
        String simple = className.substring(className.lastIndexOf('.') + 1);
        List<String> near = NearNames.closest(className, Arrays.stream(loadedClasses.get())
                .map(Class::getName)
                .filter(n -> !n.contains("$$") && (n.endsWith("." + simple)
                        || NearNames.distance(n, className) <= Math.max(2, className.length() / 4)))
                .toList(), 5);
        throw new IllegalArgumentException("no class " + className + " is loaded or loadable here; use the"
                + " binary name (com.acme.Outer$Inner for a nested class)." + NearNames.suggestion(near));
    }

    private static void checkCount(String pattern, int count) {
        if (count > MAX_METHODS) {
            throw new IllegalArgumentException(pattern + " selects more than " + MAX_METHODS
                    + " methods; narrow the pattern (tracing that many methods slows the application down)");
        }
    }
}
