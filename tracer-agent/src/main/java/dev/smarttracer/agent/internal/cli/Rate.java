package dev.smarttracer.agent.internal.cli;

import dev.smarttracer.TraceOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: at most {@code max} calls starting within one window of {@code per}; more stop
 * the trace. Validates as {@link TraceOptions#rate(int, Duration)} does.
 *
 * @param max calls allowed per window, 1 to 1,000,000
 * @param per the window, at least one millisecond
 */
record Rate(int max, Duration per) {

    /** Validates the rate. */
    Rate {
        Objects.requireNonNull(per, "per");
        TraceOptions.defaults().rate(max, per);
    }
}
