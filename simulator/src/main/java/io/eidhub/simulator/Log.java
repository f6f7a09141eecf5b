package io.eidhub.simulator;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Concise stdout logging. Never pass secrets, codes or tokens to it. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final boolean quiet;

    Log(boolean quiet) {
        this.quiet = quiet;
    }

    void info(String format, Object... args) {
        if (!quiet) {
            System.out.println(LocalTime.now().format(TIME) + " [eid-sim] " + String.format(format, args));
        }
    }

    /** Always printed (startup banner, failures). */
    void always(String format, Object... args) {
        System.out.println(LocalTime.now().format(TIME) + " [eid-sim] " + String.format(format, args));
    }
}
