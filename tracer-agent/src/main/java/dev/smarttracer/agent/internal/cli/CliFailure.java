package dev.smarttracer.agent.internal.cli;

/**
 * Ends a command with one line on standard error, saying what was wrong and what to do, and an
 * exit code ({@link ExitCode}).
 */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode the exit code
     * @param message the line to print
     */
    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Returns the exit code. */
    int exitCode() {
        return exitCode;
    }
}
