package dev.talon.core.servers.schedules;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * A schedule's cron in Pterodactyl's five fields (minute, hour, day of month, month, day of week;
 * Sunday = 0 or 7), evaluated with Quartz's {@link CronExpression} after translation: a seconds
 * field of 0 is added, day-of-week numbers shift to Quartz's 1-7, and the unused one of the two
 * day fields becomes {@code ?}. Quartz cannot combine a day of month with a day of week, so that is
 * refused. Immutable.
 */
public record CronSpec(String minute, String hour, String dayOfMonth, String month, String dayOfWeek) {

    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*/,\\-]{1,40}");
    private static final Pattern NUMBER = Pattern.compile("(?<![/\\d])\\d+");

    public CronSpec {
        for (String field : new String[] {minute, hour, dayOfMonth, month, dayOfWeek}) {
            if (field == null || !FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("A cron field is missing or has characters a cron field can't have: " + field);
            }
        }
        inRange("minute", minute, 0, 59);
        inRange("hour", hour, 0, 23);
        inRange("day of month", dayOfMonth, 1, 31);
        inRange("month", month, 1, 12);
        inRange("day of week", dayOfWeek, 0, 7);
        if (!dayOfMonth.equals("*") && !dayOfWeek.equals("*")) {
            throw new IllegalArgumentException("Give either a day of the month or a day of the week, not both.");
        }
        try {
            new CronExpression(quartz(minute, hour, dayOfMonth, month, dayOfWeek));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a valid cron expression: " + e.getMessage());
        }
    }

    private static void inRange(String name, String field, int min, int max) {
        Matcher m = Pattern.compile("(?<![/\\d])\\d+").matcher(field);
        while (m.find()) {
            int value = Integer.parseInt(m.group().length() > 3 ? "999" : m.group());
            if (value < min || value > max) {
                throw new IllegalArgumentException("The " + name + " must be between " + min + " and " + max + ": " + field);
            }
        }
    }

    /** Parses {@code "m h dom mon dow"}. */
    public static CronSpec parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("A cron expression has five fields: minute hour day-of-month month day-of-week.");
        }
        return new CronSpec(f[0], f[1], f[2], f[3], f[4]);
    }

    /** The five fields separated by spaces, as stored. */
    public String text() {
        return String.join(" ", minute, hour, dayOfMonth, month, dayOfWeek);
    }

    /** The first time strictly after {@code after} that matches, in {@code zone}. */
    public Instant nextAfter(Instant after, ZoneId zone) {
        try {
            CronExpression expression = new CronExpression(quartz(minute, hour, dayOfMonth, month, dayOfWeek));
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            Date next = expression.getNextValidTimeAfter(Date.from(after));
            if (next == null) {
                throw new IllegalArgumentException("The cron expression never fires again.");
            }
            return next.toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quartz(String minute, String hour, String dayOfMonth, String month, String dayOfWeek) {
        String dom = dayOfMonth;
        String dow;
        if (dayOfWeek.equals("*")) {
            dow = "?";
        } else {
            dom = "?";
            Matcher m = NUMBER.matcher(dayOfWeek);
            StringBuilder shifted = new StringBuilder();
            while (m.find()) {
                int day = Integer.parseInt(m.group());
                m.appendReplacement(shifted, String.valueOf(day % 7 + 1));
            }
            m.appendTail(shifted);
            dow = shifted.toString();
        }
        return "0 " + minute + " " + hour + " " + dom + " " + month + " " + dow;
    }
}
