package dev.smarttracer.agent.internal.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a rate as {@code calls/window}: {@code 100/1s}, {@code 5/100ms}, or with the window's
 * unit alone, {@code 100/s}. Stateless.
 */
final class RateConverter implements ITypeConverter<Rate> {

    @Override
    public Rate convert(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw malformed(text);
        }
        int max;
        try {
            max = Integer.parseInt(text.substring(0, slash).trim());
        } catch (NumberFormatException notANumber) {
            throw malformed(text);
        }
        String window = text.substring(slash + 1).trim();
        Duration per;
        try {
            per = DurationConverter.parse(Character.isDigit(window.charAt(0)) ? window : "1" + window);
        } catch (TypeConversionException badWindow) {
            // A window of the right form that is too long is said as such, with the longest accepted.
            throw window.matches("\\d+(ms|s|m|h|d)") ? new TypeConversionException("'" + text + "': the window "
                    + badWindow.getMessage()) : malformed(text);
        }
        try {
            return new Rate(max, per);
        } catch (IllegalArgumentException outOfRange) {
            throw new TypeConversionException("'" + text + "': " + outOfRange.getMessage());
        }
    }

    private static TypeConversionException malformed(String text) {
        return new TypeConversionException("'" + text + "' is not a rate; write calls/window, e.g. 100/1s or 5/100ms");
    }
}
