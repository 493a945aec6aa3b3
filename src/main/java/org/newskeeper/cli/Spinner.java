package org.newskeeper.cli;

import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar renderer of our commands: as the library draws it while the total is known; while
 * it is not (a stage still listing its work), a turning spinner and the count so far instead of the
 * library's {@code ? %} and {@code ?/?}.
 */
final class Spinner extends DefaultProgressBarRenderer {
    private static final String FRAMES = "|/-\\";
    private static final long FRAME_MILLIS = 200;

    private Spinner(boolean showSpeed) {
        super(ProgressBarStyle.ASCII, "", 1, showSpeed, new DecimalFormat("#.0"), ChronoUnit.SECONDS, true, Spinner::eta);
    }

    /** A renderer showing the rate when {@code showSpeed}. */
    static Spinner renderer(boolean showSpeed) {
        return new Spinner(showSpeed);
    }

    private static boolean unknown(ProgressState s) {
        return s.isIndefinite() || s.getMax() <= 0;
    }

    /** The frame shown at {@code millis}: one of | / - \ turning every 200 ms. */
    static char frame(long millis) {
        return FRAMES.charAt((int) ((millis / FRAME_MILLIS) % FRAMES.length()));
    }

    @Override
    protected String percentage(ProgressState s) {
        return unknown(s) ? "   " + frame(System.currentTimeMillis()) + " " : super.percentage(s);
    }

    @Override
    protected String ratio(ProgressState s) {
        return unknown(s) ? " " + s.getCurrent() : super.ratio(s);
    }

    @Override
    protected String etaString(ProgressState s) {
        return unknown(s) ? "" : super.etaString(s);
    }

    private static Optional<Duration> eta(ProgressState s) {
        long done = s.getCurrent() - s.getStart();
        if (unknown(s) || done <= 0) {
            return Optional.empty();
        }
        Duration elapsed = s.getElapsedAfterStart();
        return Optional.of(elapsed.dividedBy(done).multipliedBy(Math.max(0, s.getMax() - s.getCurrent())));
    }
}
