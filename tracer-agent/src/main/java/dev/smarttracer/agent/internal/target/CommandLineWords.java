package dev.smarttracer.agent.internal.target;

import java.util.Map;

/**
 * Rewrites the engine's advice, written for users of the API, in the words of the command line:
 * {@code TraceOptions.defaults().scope(Scope.LOCAL)} becomes {@code --local}, and
 * {@code allowJdkClasses(true)} becomes {@code --allow-jdk}. Stateless.
 */
final class CommandLineWords {

    private static final Map<String, String> WORDS = Map.of(
            "TraceOptions.defaults().scope(Scope.LOCAL)", "--local",
            "TraceOptions.defaults().allowJdkClasses(true)", "--allow-jdk",
            "allowJdkClasses(true)", "--allow-jdk",
            "Scope.LOCAL", "--local",
            "declaredOnly(true)", "--declared-only",
            "leave out declaredOnly", "leave out --declared-only");

    private CommandLineWords() {
    }

    /**
     * Rewrites a message.
     *
     * @param message the engine's message, or {@code null}
     * @return the message in the command line's words
     */
    static String of(String message) {
        if (message == null) {
            return "refused without a reason";
        }
        String rewritten = message;
        // Longest first, so that a phrase is replaced whole before its parts are.
        for (String phrase : WORDS.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            rewritten = rewritten.replace(phrase, WORDS.get(phrase));
        }
        return rewritten;
    }
}
