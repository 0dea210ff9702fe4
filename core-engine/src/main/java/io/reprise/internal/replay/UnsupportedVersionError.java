package io.reprise.internal.replay;

/**
 * {@code Workflow.getVersion} got a version the code no longer (or not yet) supports. An
 * {@code Error}, so that {@code catch (Exception e)} in workflow code does not swallow it: it fails
 * the workflow task, which the engine retries, so deploying code that supports the version again
 * lets the execution go on.
 */
public final class UnsupportedVersionError extends Error {

    UnsupportedVersionError(String message) {
        super(message);
    }
}
