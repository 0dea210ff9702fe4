package io.reprise.engine.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock that lets one store at a time use a SQLite file: an operating-system lock
 * on {@code <file>.lock}. The operating system drops it when the process dies, even by
 * {@code kill -9}, so a crash never leaves a stale lock behind. The lock file itself stays.
 */
final class StoreFileLock implements AutoCloseable {

    /**
     * Lock files held by stores of this JVM. Checked before touching the file because, on POSIX
     * systems, closing any channel of a file drops every lock this process holds on it: a
     * second store must not open and close the lock file while the first one holds it.
     */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreFileLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code databaseFile} (an absolute, normalized path whose directory exists).
     *
     * @throws StoreException when another store or process holds the lock, or the lock file
     *     cannot be created
     */
    static StoreFileLock acquire(Path databaseFile) {
        Path lockFile = databaseFile.resolveSibling(databaseFile.getFileName() + ".lock");
        if (!HELD_IN_THIS_JVM.add(lockFile)) {
            throw alreadyOpen(databaseFile, lockFile, "by another store in this process", "store");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw alreadyOpen(databaseFile, lockFile, "in another process", "process");
            }
            return new StoreFileLock(lockFile, channel, lock);
        } catch (OverlappingFileLockException e) {
            // Only reachable if something else in this JVM locked the file outside this class.
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw alreadyOpen(databaseFile, lockFile, "in this process", "store");
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw new StoreException(StoreException.Reason.UNUSABLE_PATH,
                    "Cannot create the lock file " + lockFile + " of SQLite store file "
                    + databaseFile + ": " + describe(e) + ". Check that the directory is writable or set a different store path.", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw e;
        }
    }

    private static StoreException alreadyOpen(Path databaseFile, Path lockFile, String where, String holder) {
        return new StoreException(StoreException.Reason.LOCKED, "SQLite store file " + databaseFile
                + " is already open " + where + " (lock " + lockFile + " is held). Only one Reprise engine may use a SQLite file at a time: "
                + "stop the other " + holder + " or set a different store path.", null);
    }

    /** A short reason for an I/O failure: "access denied", "not a directory", … */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String kind = e.getClass().getSimpleName()
                .replace("Exception", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        return e instanceof FileSystemException || e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        } finally {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing useful to do: the channel is gone either way
            }
        }
    }
}
