package io.reprise.engine.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.date.FastDateFormat;

/**
 * Builds, on a thread of its own, what every sqlite-jdbc connection builds and the driver keeps for the
 * whole process: the date format of its connection settings ({@link FastDateFormat} with the driver's
 * default pattern, the default time zone and locale), which loads the JDK's time zone and locale data.
 *
 * <p>Why: that is about 50 ms of the main thread in a launch to the first workflow on the 2-core
 * benchmark machine, and it does not need the native library, which the main thread copies and loads
 * meanwhile (docs/benchmarks.md, "Issue 14, session 9"). The driver caches the format by pattern, time
 * zone and locale, so the first connection finds it built, or waits for the classes this thread is
 * initialising; either way it gets the same format it would have built. If this thread fails, the
 * connection builds the format itself and reports what goes wrong.
 */
final class SqliteDriverWarmUp {

    static final String THREAD_NAME = "reprise-sqlite-warm-up";
    private static final Logger log = LoggerFactory.getLogger(SqliteDriverWarmUp.class);

    private static Thread thread;
    private static volatile FastDateFormat dateFormat;

    private SqliteDriverWarmUp() {
    }

    /** Once per process, before the first SQLite connection; later calls return the thread of the first. */
    static synchronized Thread start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name(THREAD_NAME).start(SqliteDriverWarmUp::warmUp);
        }
        return thread;
    }

    /** The date format the warm-up built, once its thread ended; null before or if it failed. */
    static FastDateFormat dateFormat() {
        return dateFormat;
    }

    private static void warmUp() {
        try {
            dateFormat = FastDateFormat.getInstance(SQLiteConfig.DEFAULT_DATE_STRING_FORMAT);
        } catch (RuntimeException e) {
            log.debug("Could not build the SQLite driver's date format ahead of the first connection", e);
        }
    }
}
