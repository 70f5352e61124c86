package dev.shadowtx.compare.capture;

/**
 * Writes the record's times into a character buffer without making objects: the arrival time as
 * ISO-8601 UTC with milliseconds ({@code 2026-12-06T03:41:07.215Z}, what {@code Instant.toString}
 * gives for a whole millisecond), and a duration in milliseconds with three decimals.
 */
final class IsoTime {

    private IsoTime() {}

    /**
     * Write an instant as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (years 0 to 9999).
     * @param epochMillis milliseconds since the epoch
     * @param into at least 24 characters
     * @return the number of characters written
     */
    static int format(long epochMillis, char[] into) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long millisOfDay = Math.floorMod(epochMillis, 86_400_000L);
        // civil date from days since 1970-01-01 (proleptic Gregorian), era-based
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        digits(year, 4, into, 0);
        into[4] = '-';
        digits(month, 2, into, 5);
        into[7] = '-';
        digits(day, 2, into, 8);
        into[10] = 'T';
        digits((int) (millisOfDay / 3_600_000), 2, into, 11);
        into[13] = ':';
        digits((int) (millisOfDay / 60_000 % 60), 2, into, 14);
        into[16] = ':';
        digits((int) (millisOfDay / 1000 % 60), 2, into, 17);
        into[19] = '.';
        digits((int) (millisOfDay % 1000), 3, into, 20);
        into[23] = 'Z';
        return 24;
    }

    /**
     * Write a duration in milliseconds with three decimals ({@code 12.407}).
     * @param nanos the duration in nanoseconds (negative counts as 0)
     * @param into at least 24 characters
     * @return the number of characters written
     */
    static int millis(long nanos, char[] into) {
        long micros = Math.max(nanos, 0) / 1000;
        long whole = micros / 1000;
        int length = 0;
        long divisor = 1;
        while (whole / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            into[length++] = (char) ('0' + (whole / divisor) % 10);
        }
        into[length++] = '.';
        digits((int) (micros % 1000), 3, into, length);
        return length + 3;
    }

    private static void digits(int value, int width, char[] into, int at) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
