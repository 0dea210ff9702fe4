package io.reprise.spring.boot.ui;

import io.reprise.spring.boot.ui.ExecutionsAdapter.TimelineItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The timeline of a run as inline SVG drawn by the server: one row per activity, timer and child workflow (a bar
 * from scheduled to closed; still open: to now, dashed), signals and updates as points.
 */
final class TimelineSvg {

    /** Rows drawn at most; a long history's timeline says how many it leaves out. */
    static final int MAX_ROWS = 300;
    private static final int LABEL_WIDTH = 260;
    private static final int CHART_WIDTH = 720;
    private static final int ROW = 18;

    private TimelineSvg() {
    }

    static void render(Html html, List<TimelineItem> items, Instant start, Instant end) {
        if (items.isEmpty()) {
            html.element("p", "Nothing to draw yet: no activity, timer, child workflow, signal or update.");
            return;
        }
        List<TimelineItem> shown = items.size() > MAX_ROWS ? items.subList(0, MAX_ROWS) : items;
        long span = Math.max(1, Duration.between(start, end).toMillis());
        int height = ROW * shown.size() + 24;
        html.open("svg", "id", "timeline", "xmlns", "http://www.w3.org/2000/svg", "width",
                String.valueOf(LABEL_WIDTH + CHART_WIDTH + 20), "height", String.valueOf(height), "role", "img",
                "aria-label", "timeline of the run");
        html.open("text", "x", String.valueOf(LABEL_WIDTH), "y", "12").text("0").close("text");
        html.open("text", "x", String.valueOf(LABEL_WIDTH + CHART_WIDTH), "y", "12", "text-anchor", "end")
                .text("+" + Layout.duration(Duration.ofMillis(span))).close("text");
        for (int i = 0; i < shown.size(); i++) {
            TimelineItem item = shown.get(i);
            int y = 20 + i * ROW;
            html.open("text", "x", "0", "y", String.valueOf(y + 12)).text(shorten(item.label())).close("text");
            double x0 = LABEL_WIDTH + CHART_WIDTH * offset(start, item.start(), span);
            boolean open = item.end() == null;
            Instant stop = open ? end : item.end();
            double x1 = LABEL_WIDTH + CHART_WIDTH * offset(start, stop, span);
            String title = item.label() + " · " + (open ? "open" : item.outcome()) + " · "
                    + Layout.time(item.start()) + (open ? "" : " → " + Layout.time(item.end()));
            if (item.start().equals(item.end())) {
                html.open("circle", "class", "tl-" + item.kind(), "cx", num(x0), "cy", String.valueOf(y + 8), "r", "5",
                        "fill", color(item.kind(), item.outcome()));
            } else {
                html.open("rect", "class", "tl-" + item.kind() + (open ? " tl-open" : ""), "x", num(x0),
                        "y", String.valueOf(y + 2), "width", num(Math.max(2, x1 - x0)), "height", String.valueOf(ROW - 4),
                        "fill", color(item.kind(), item.outcome()), "stroke", open ? "#1d2330" : null,
                        "stroke-dasharray", open ? "4 2" : null);
            }
            html.element("title", title);
            html.close(item.start().equals(item.end()) ? "circle" : "rect");
        }
        html.close("svg");
        if (shown.size() < items.size()) {
            html.element("p", "The first " + MAX_ROWS + " of " + items.size() + " rows are drawn; the events below list all.");
        }
    }

    private static double offset(Instant start, Instant at, long span) {
        return Math.min(1, Math.max(0, Duration.between(start, at).toMillis() / (double) span));
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String shorten(String label) {
        return label.length() <= 40 ? label : label.substring(0, 39) + "…";
    }

    private static String color(String kind, String outcome) {
        if (outcome != null && (outcome.startsWith("failed") || outcome.equals("timed out"))) {
            return "#e05252";
        }
        return switch (kind) {
            case "activity" -> "#4a7fd4";
            case "timer" -> "#c9a227";
            case "child" -> "#7b5cc4";
            case "signal" -> "#2f9e5b";
            default -> "#5b6475";
        };
    }
}
