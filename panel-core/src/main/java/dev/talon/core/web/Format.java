package dev.talon.core.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small formatting functions for templates. Pure and thread-safe. */
public final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String time(java.util.Date date) {
        return date == null ? "—" : time(date.getTime());
    }

    public static String time(Long epochMillis) {
        return epochMillis == null ? "never" : time(epochMillis.longValue());
    }

    /** "3 min ago" style, for recent events. */
    public static String ago(long now, long then) {
        long seconds = Math.max(0, (now - then) / 1000);
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86400 + " d ago";
    }

    public static String duration(long millis) {
        long seconds = millis / 1000;
        if (seconds < 60) {
            return millis < 1000 ? millis + " ms" : seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86400 + " d " + seconds % 86400 / 3600 + " h";
    }
}
