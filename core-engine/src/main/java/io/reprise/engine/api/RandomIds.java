package io.reprise.engine.api;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The random ids both sides make up: the engine's Run Ids, a client's default Workflow Ids, request ids and
 * update ids, a workflow worker's sticky queue; each a random (version 4) UUID from a fast per-thread generator. They must be unique, not unpredictable, so this avoids
 * {@link UUID#randomUUID()}: its {@code SecureRandom} reads {@code /dev/urandom} and mixes in SHA-1 under one
 * lock on every call, and compiling that code was 6 to 9 % of the JIT compiler's time during an application's
 * first thousands of workflows (issue 14, two ids per workflow started), and setting it up 30 ms of a launch.
 */
public final class RandomIds {

    private RandomIds() {
    }

    /** A new random UUID, as a string. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }
}
