package dev.smarttracer.agent.internal.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as people write it on a command line: a whole number and a unit, {@code ms},
 * {@code s}, {@code m}, {@code h} or {@code d}, e.g. {@code 30s}, {@code 500ms}, {@code 2h}, at
 * most {@link #LONGEST} (ten years: no trace or recording needs longer, and every such duration
 * fits the milliseconds the control protocol carries). Stateless.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    /** The longest duration accepted, as it is written: {@value}. */
    static final String LONGEST_TEXT = "3650d";
    /** The longest duration accepted. */
    static final Duration LONGEST = Duration.ofDays(3650);

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    /**
     * Reads a duration.
     *
     * @param text e.g. {@code 30s}
     * @return the positive duration, at most {@link #LONGEST}
     * @throws TypeConversionException saying what a duration looks like, or the longest accepted
     */
    static Duration parse(String text) {
        Matcher matcher = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + text + "' is not a duration; write a whole number and a unit"
                    + " (ms, s, m, h or d), e.g. 30s, 500ms or 2h");
        }
        Duration duration;
        try {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            duration = null;
        }
        if (duration == null || duration.compareTo(LONGEST) > 0) {
            throw new TypeConversionException("'" + text + "' is too long; the longest duration accepted is "
                    + LONGEST_TEXT + " (ten years)");
        }
        if (duration.isZero()) {
            throw new TypeConversionException("'" + text + "' is zero; a duration must be positive, e.g. 30s");
        }
        return duration;
    }
}
