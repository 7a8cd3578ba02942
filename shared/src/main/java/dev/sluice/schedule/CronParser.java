package dev.sluice.schedule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Parses the six fields of {@code cron(minutes hours day-of-month month day-of-week year)} as
 * EventBridge documents them, into canonical text and a {@link CronPlan}.
 *
 * <p>Stricter than some cron dialects on purpose, so nothing we accept is refused by AWS: ranges
 * must not run backwards (no wrapping {@code FRI-MON}), {@code L}, {@code W}, {@code #} and {@code
 * ?} stand alone in their field, and day-of-week takes no {@code /} (AWS lists none).
 */
final class CronParser {

    static final String FORM =
            "a cron expression has 6 fields separated by single spaces: minutes hours"
                    + " day-of-month month day-of-week year, e.g. cron(0 3 * * ? *) (03:00 every"
                    + " day) or cron(0 8 ? * MON-FRI *)";

    private static final List<String> MONTHS =
            List.of(
                    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                    "DEC");
    private static final List<String> DAYS =
            List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private static final Pattern NEAREST_WEEKDAY = Pattern.compile("([0-9]+)W");

    /** The six fields, in order, with what each allows. */
    enum Part {
        MINUTES("minutes", 0, 59, List.of(), true, "0-59", "0, 0/15 or 10,40"),
        HOURS("hours", 0, 23, List.of(), true, "0-23", "3, 8-17 or */6"),
        DAY_OF_MONTH(
                "day-of-month",
                1,
                31,
                List.of(),
                true,
                "1-31, ? (any), L (last day), LW (last weekday) or 15W (weekday nearest the 15th)",
                "1, 1,15, L or ?"),
        MONTH("month", 1, 12, MONTHS, true, "1-12 or JAN-DEC", "*, 1-6 or JAN,JUL"),
        DAY_OF_WEEK(
                "day-of-week",
                1,
                7,
                DAYS,
                false,
                "1-7 or SUN-SAT (1 = SUN), ? (any), 6L (last Friday of the month) or 3#2 (second"
                        + " Tuesday of the month)",
                "MON-FRI, 1,7, 6L, 3#2 or ?"),
        YEAR("year", 1970, 2199, List.of(), true, "1970-2199", "* or 2030-2035");

        final String label;
        final int min;
        final int max;
        final List<String> names;
        final boolean steps;
        final String allowed;
        final String example;

        Part(
                String label,
                int min,
                int max,
                List<String> names,
                boolean steps,
                String allowed,
                String example) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
            this.steps = steps;
            this.allowed = allowed;
            this.example = example;
        }

        String wildcards() {
            return switch (this) {
                case DAY_OF_MONTH -> ", - * ? / L W";
                case DAY_OF_WEEK -> ", - * ? L #";
                default -> ", - * /";
            };
        }
    }

    /** A parsed expression: canonical field texts and the plan that evaluates them. */
    record Compiled(List<String> fields, CronPlan plan) {}

    /** What is wrong with one field; caught per field so a user sees every bad field at once. */
    private static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    private CronParser() {}

    static Optional<Cron> parse(String inside, Complaints out) {
        String[] fields = inside.split(" ", -1);
        if (fields.length != Part.values().length) {
            out.add(
                    "has "
                            + fields.length
                            + (fields.length == 1 ? " cron field; " : " cron fields; ")
                            + FORM);
            return Optional.empty();
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].isEmpty()) {
                out.add("cron field " + (i + 1) + " is empty (two spaces in a row?); " + FORM);
                return Optional.empty();
            }
        }
        Optional<Compiled> compiled = compile(List.of(fields), out::add);
        return compiled.map(c -> new Cron(c.fields()));
    }

    /**
     * Compiles six field texts, reporting each problem to {@code problems}; empty if there was any.
     */
    static Optional<Compiled> compile(List<String> fields, Consumer<String> problems) {
        Part[] parts = Part.values();
        List<String> canonical = new ArrayList<>();
        BitSet[] sets = new BitSet[parts.length];
        DayRule[] dayRules = new DayRule[2];
        boolean[] any = new boolean[2];
        boolean failed = false;
        for (int i = 0; i < parts.length; i++) {
            Part part = parts[i];
            String text = upperAscii(fields.get(i));
            try {
                if (part == Part.DAY_OF_MONTH || part == Part.DAY_OF_WEEK) {
                    int d = part == Part.DAY_OF_MONTH ? 0 : 1;
                    if (text.equals("?")) {
                        any[d] = true;
                        canonical.add("?");
                    } else {
                        StringBuilder canon = new StringBuilder();
                        dayRules[d] =
                                part == Part.DAY_OF_MONTH
                                        ? dayOfMonth(text, canon)
                                        : dayOfWeek(text, canon);
                        canonical.add(canon.toString());
                    }
                } else {
                    StringBuilder canon = new StringBuilder();
                    sets[i] = list(text, part, canon);
                    canonical.add(canon.toString());
                }
            } catch (Bad bad) {
                failed = true;
                problems.accept(
                        "cron "
                                + part.label
                                + " field (field "
                                + (i + 1)
                                + ") \""
                                + fields.get(i)
                                + "\": "
                                + bad.getMessage()
                                + "; allowed: "
                                + part.allowed
                                + " with "
                                + part.wildcards()
                                + ", e.g. "
                                + part.example);
            }
        }
        if (failed) {
            return Optional.empty();
        }
        if (any[0] == any[1]) {
            problems.accept(
                    any[0]
                            ? "cron day-of-month and day-of-week cannot both be ?: give one of"
                                    + " them, e.g. cron(0 3 * * ? *) (every day) or"
                                    + " cron(0 3 ? * MON *) (Mondays)"
                            : "cron day-of-month and day-of-week cannot both be set: one of them"
                                    + " must be ?, e.g. cron(0 3 1 * ? *) (the 1st of each month)"
                                    + " or cron(0 3 ? * MON *) (Mondays)");
            return Optional.empty();
        }
        DayRule days = any[0] ? dayRules[1] : dayRules[0];
        return Optional.of(
                new Compiled(
                        List.copyOf(canonical),
                        new CronPlan(sets[0], sets[1], days, sets[3], sets[5])));
    }

    /** Upper-cases a-z only, so no other letter can turn into a name such as SUN. */
    private static String upperAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return out.toString();
    }

    private static DayRule dayOfMonth(String text, StringBuilder canon) throws Bad {
        if (text.equals("L") || text.equals("LW")) {
            canon.append(text);
            return text.equals("L") ? new DayRule.LastDay() : new DayRule.LastWeekday();
        }
        var nearest = NEAREST_WEEKDAY.matcher(text);
        if (nearest.matches()) {
            int day = number(nearest.group(1), Part.DAY_OF_MONTH, 1, 31);
            canon.append(day).append('W');
            return new DayRule.NearestWeekday(day);
        }
        if (text.contains("L") || text.contains("W") || text.contains("?")) {
            throw new Bad("L, LW, nW and ? stand alone in day-of-month (no lists or ranges)");
        }
        return new DayRule.MonthDays(list(text, Part.DAY_OF_MONTH, canon));
    }

    private static DayRule dayOfWeek(String text, StringBuilder canon) throws Bad {
        if (text.equals("L")) {
            // Alone, L is the week's last day: every Saturday.
            canon.append('L');
            BitSet saturday = new BitSet();
            saturday.set(7);
            return new DayRule.WeekDays(saturday);
        }
        int hash = text.indexOf('#');
        if (hash >= 0) {
            int day = value(text.substring(0, hash), Part.DAY_OF_WEEK).value();
            String nth = text.substring(hash + 1);
            if (!Numbers.isDigits(nth) || Numbers.exceeds(nth, 5) || Integer.parseInt(nth) < 1) {
                throw new Bad(
                        "after # comes which occurrence in the month, 1-5 (a single d#n, no"
                                + " lists)");
            }
            int n = Integer.parseInt(nth);
            canon.append(day).append('#').append(n);
            return new DayRule.NthInMonth(day, n);
        }
        if (text.length() > 1 && text.endsWith("L")) {
            int day = value(text.substring(0, text.length() - 1), Part.DAY_OF_WEEK).value();
            canon.append(day).append('L');
            return new DayRule.LastInMonth(day);
        }
        if (text.contains("L") || text.contains("?")) {
            throw new Bad("L, nL, d#n and ? stand alone in day-of-week (no lists or ranges)");
        }
        return new DayRule.WeekDays(list(text, Part.DAY_OF_WEEK, canon));
    }

    /** A list of values, ranges and steps, such as {@code *}, {@code 0/15} or {@code 1,3-5}. */
    private static BitSet list(String text, Part part, StringBuilder canon) throws Bad {
        BitSet set = new BitSet();
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            if (item.isEmpty()) {
                throw new Bad("has an empty item (commas need a value on each side)");
            }
            if (i > 0) {
                canon.append(',');
            }
            String base = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                if (!part.steps) {
                    throw new Bad("/ (increments) is not allowed in " + part.label);
                }
                base = item.substring(0, slash);
                int span = part.max - part.min;
                step = number(item.substring(slash + 1), part, 1, span, "the increment after /");
            }
            int low;
            int high;
            if (base.equals("*")) {
                if (slash < 0 && items.length > 1) {
                    throw new Bad("* stands alone (it already means every value)");
                }
                low = part.min;
                high = part.max;
                canon.append('*');
            } else if (base.indexOf('-') >= 0) {
                int dash = base.indexOf('-');
                Token from = value(base.substring(0, dash), part);
                Token to = value(base.substring(dash + 1), part);
                if (from.value() > to.value()) {
                    throw new Bad(
                            "the range "
                                    + from.text()
                                    + "-"
                                    + to.text()
                                    + " runs backwards; write a range that wraps as two, e.g."
                                    + " 22-23,0-2");
                }
                low = from.value();
                high = to.value();
                canon.append(from.text()).append('-').append(to.text());
            } else {
                Token only = value(base, part);
                low = only.value();
                high = slash >= 0 ? part.max : only.value();
                canon.append(only.text());
            }
            if (slash >= 0) {
                canon.append('/').append(step);
            }
            for (int v = low; v <= high; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    /** One value as written and as a number: a number, or a name where the field has names. */
    private record Token(int value, String text) {}

    private static Token value(String text, Part part) throws Bad {
        if (text.isEmpty()) {
            throw new Bad("a value is missing (around - / # or L)");
        }
        int named = part.names.indexOf(text);
        if (named >= 0) {
            return new Token(named + 1, text);
        }
        int n = number(text, part, part.min, part.max);
        return new Token(n, Integer.toString(n));
    }

    private static int number(String text, Part part, int min, int max) throws Bad {
        return number(text, part, min, max, "values");
    }

    private static int number(String text, Part part, int min, int max, String what) throws Bad {
        if (text.isEmpty()) {
            throw new Bad("a value is missing (around - / # or L)");
        }
        if (text.equals("?")) {
            throw new Bad("? (any) is allowed only in day-of-month or day-of-week, alone");
        }
        if (!Numbers.isDigits(text)) {
            String names = part.names.isEmpty() ? "" : " or name";
            throw new Bad("\"" + text + "\" is not a number" + names);
        }
        if (Numbers.exceeds(text, max) || Integer.parseInt(text) < min) {
            throw new Bad(what + " must be " + min + "-" + max + ", not " + text);
        }
        return Integer.parseInt(text);
    }
}
