package dev.smarttracer.agent.internal.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that hands warnings and errors, formatted on one line with their throwable's first
 * lines, to a {@link WarningLog}, and drops the rest. Thread-safe.
 */
final class CollectingLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private static final int STACK_LINES = 4;

    private final transient WarningLog log;

    CollectingLogger(String name, WarningLog log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        if (level != Level.WARN && level != Level.ERROR) {
            return;
        }
        StringBuilder line = new StringBuilder(level.name()).append(' ')
                .append(MessageFormatter.basicArrayFormat(pattern, arguments));
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            String[] lines = trace.toString().split("\\R");
            for (int i = 0; i < Math.min(lines.length, STACK_LINES); i++) {
                line.append(i == 0 ? ": " : " | ").append(lines[i].strip());
            }
        }
        log.add(line.toString());
    }
}
