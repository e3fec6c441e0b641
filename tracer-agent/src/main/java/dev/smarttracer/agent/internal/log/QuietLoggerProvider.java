package dev.smarttracer.agent.internal.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the agent's own, relocated SLF4J: it prints nothing. Inside a target
 * JVM the agent must never write to the application's output or go through its logging; what the
 * engine warns about is kept by a {@link WarningLog} instead, which the agent forwards to its
 * clients. Found by SLF4J's service loader in the agent's class loader.
 */
public final class QuietLoggerProvider implements SLF4JServiceProvider {

    private final WarningLog warnings = new WarningLog();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Creates the provider; called by SLF4J's service loader. */
    public QuietLoggerProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return warnings;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }
}
