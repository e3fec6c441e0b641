package dev.smarttracer.agent.internal.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * The person at the keyboard, if there is one: whether the tool runs on an interactive console
 * (then it shows a live counter and may ask a question), and the question itself.
 *
 * @param console the console, or {@code null} if the tool's input or output is not a terminal
 */
record Terminal(Console console) {

    /** Returns the terminal of this process. */
    static Terminal detect() {
        Console console = System.console();
        return new Terminal(console != null && isTerminal(console) ? console : null);
    }

    /** Returns a terminal without a person, for tests and scripts. */
    static Terminal none() {
        return new Terminal(null);
    }

    /** Tells whether a person may be watching and answering. */
    boolean interactive() {
        return console != null;
    }

    /**
     * Asks a yes-or-no question; anything but y or yes is no.
     *
     * @param question the question, without the [y/N]
     * @return whether the answer was yes; {@code false} if there is no console
     */
    boolean confirm(String question) {
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s [y/N] ", question);
        return answer != null && (answer.trim().toLowerCase(Locale.ROOT).equals("y")
                || answer.trim().toLowerCase(Locale.ROOT).equals("yes"));
    }

    /**
     * Returns how a duration in microseconds is best written on a stream: with the micro sign
     * where its charset has it.
     *
     * @param out the stream
     * @return {@code "µs"} or {@code "us"}
     */
    static String micros(PrintStream out) {
        String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding",
                java.nio.charset.Charset.defaultCharset().name()));
        try {
            return java.nio.charset.Charset.forName(encoding).newEncoder().canEncode('\u00b5') ? "\u00b5s" : "us";
        } catch (RuntimeException unknown) {
            return "us";
        }
    }

    /** Since JDK 22 a console exists even when redirected; {@code isTerminal()} tells them apart. */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException unknown) {
            return false;
        }
    }
}
