package io.reprise.internal.mapping;

import io.reprise.engine.cron.CronSchedule;

/** Lets the client check a cron schedule with the engine's parser, so that it refuses what the engine would. */
public final class CronSchedules {

    private CronSchedules() {
    }

    /**
     * Checks the syntax of {@code cronSchedule}.
     *
     * @throws IllegalArgumentException naming what is wrong (the engine's message)
     */
    public static void check(String cronSchedule) {
        CronSchedule.parse(cronSchedule);
    }
}
