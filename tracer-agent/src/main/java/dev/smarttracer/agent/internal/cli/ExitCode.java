package dev.smarttracer.agent.internal.cli;

/** The exit codes of {@code smarttracer}, as its {@code --help} documents them. */
final class ExitCode {

    /** Done: the command did what it was asked (a trace ran to its limit, time or rate). */
    static final int OK = 0;
    /**
     * The trace failed or was refused: unknown method, private without --local, overload, the
     * target exited, nothing recorded, no such trace to stop, no --yes where it is needed.
     */
    static final int FAILED = 1;
    /** Usage: an unknown option, a malformed or too long duration or rate, a pattern without a method, a limit below 1. */
    static final int USAGE = 2;
    /**
     * Attach failed: no such process, not a JVM, another OS user, attach disabled, agent refused,
     * a control directory that is not the agent's, or an agent that did not open its socket.
     */
    static final int ATTACH_FAILED = 3;
    /** Interrupted (Ctrl-C); the trace was stopped in the target first. */
    static final int INTERRUPTED = 130;

    /** The exit codes as the commands' help lists them. */
    static final String[] HELP = {
        "0    done",
        "1    the trace failed or was refused (unknown method, private without --local, overload, ...)",
        "2    usage: a bad option or argument",
        "3    attach failed: no such process, not a JVM, another OS user, attach disabled, agent refused,"
                + " control directory not the agent's",
        "130  interrupted (Ctrl-C): the trace was stopped in the target first",
    };

    private ExitCode() {
    }
}
