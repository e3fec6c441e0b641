package dev.smarttracer.agent.internal.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration that may be shorter than a millisecond, for thresholds on a call's time
 * ({@code --slower-than 200us}): {@code ns} and {@code us} besides the units of
 * {@link DurationConverter}. Stateless.
 */
final class PreciseDurationConverter implements ITypeConverter<Duration> {

    private static final Pattern FINE = Pattern.compile("(\\d+)(ns|us)");

    @Override
    public Duration convert(String text) {
        Matcher matcher = FINE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            try {
                return DurationConverter.parse(text);
            } catch (TypeConversionException notADuration) {
                if (notADuration.getMessage().contains("is not a duration")) {
                    throw new TypeConversionException("'" + text + "' is not a duration; write a whole number and a"
                            + " unit (ns, us, ms, s, m, h or d), e.g. 200ms or 500us");
                }
                throw notADuration;
            }
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException tooLarge) {
            throw new TypeConversionException("'" + text + "' is too long; the longest duration accepted is "
                    + DurationConverter.LONGEST_TEXT + " (ten years)");
        }
        if (amount == 0) {
            throw new TypeConversionException("'" + text + "' is zero; a duration must be positive, e.g. 200ms");
        }
        try {
            return matcher.group(2).equals("ns") ? Duration.ofNanos(amount)
                    : Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
        } catch (ArithmeticException tooLarge) {
            throw new TypeConversionException("'" + text + "' is too long; the longest duration accepted is "
                    + DurationConverter.LONGEST_TEXT + " (ten years)");
        }
    }
}
