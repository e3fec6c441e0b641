package dev.smarttracer.recorder.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the instants JSON Lines carry. An instant as {@link Instant#toString()} writes it for the
 * years 0000 to 9999 ({@code 2026-01-02T03:04:05.123456789Z}, with 0 to 9 fraction digits) is read
 * here field by field; anything else (another year, a leap second, a malformed text) goes to
 * {@link Instant#parse}, which gives the same instant or the same error. The formatter behind
 * {@code Instant.parse} is the larger part of what reading a line costs, and a streaming command
 * line reads hundreds of thousands of lines a second.
 */
public final class Instants {

    private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Instants() {
    }

    /**
     * Parses an ISO-8601 instant in UTC.
     *
     * @param text the text
     * @return the instant
     * @throws java.time.format.DateTimeParseException if the text is no instant
     */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || (length > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fractionDigits = length == 20 ? 0 : length - 21;
        int fraction = fractionDigits == 0 ? 0 : digits(text, 20, fractionDigits);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || fraction < 0) {
            return Instant.parse(text);
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
            return Instant.parse(text);
        }
        long nanos = fractionDigits == 0 ? 0 : (long) fraction * SCALE[fractionDigits - 1];
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** Returns the number the digits at {@code from} spell, or -1 if one of them is no ASCII digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
