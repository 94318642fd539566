package io.papertrends.trend.library;

import io.papertrends.config.Settings;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Settings of the reader pages' library ({@link Library}).
 *
 * @param zone        the zone the daily list's days are in ({@value #ZONE}, default UTC)
 * @param dailyWindow the popularity window that measures a day's engagement: a 24-hour window
 *                    advancing by an hour or less, so one of them starts at each midnight ({@value #DAILY_WINDOW})
 * @param days        how many days of daily engagement are kept ({@value #DAYS})
 * @param indexDir    where the search index lives; rebuilt from the topics at every start
 */
public record LibraryConfig(ZoneId zone, String dailyWindow, int days, Path indexDir) {
    public static final String ZONE = "papertrends.library.zone";
    public static final String DAILY_WINDOW = "papertrends.library.daily.window";
    public static final String DAYS = "papertrends.library.days";

    public LibraryConfig {
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException(DAYS + " must be in 1..3660, got " + days);
        }
    }

    /** From {@code settings}; the index goes to {@code stateDir/library}. */
    public static LibraryConfig from(Settings settings, Path stateDir) {
        String zone = settings.get(ZONE, "UTC");
        try {
            return new LibraryConfig(ZoneId.of(zone), settings.get(DAILY_WINDOW, "24h"), settings.getInt(DAYS, 60), stateDir.resolve("library"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(ZONE + " is not a time zone: " + zone, e);
        }
    }
}
