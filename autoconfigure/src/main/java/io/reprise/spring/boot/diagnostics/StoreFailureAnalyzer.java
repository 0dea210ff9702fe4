package io.reprise.spring.boot.diagnostics;

import io.reprise.engine.store.StoreException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a store that cannot be opened at startup: the SQLite file is locked by another
 * process, the path is unusable, or the file is not a Reprise database. The store's message
 * already names the file and the cause.
 */
public class StoreFailureAnalyzer extends AbstractFailureAnalyzer<StoreException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreException cause) {
        return new FailureAnalysis("The Reprise store cannot be opened: " + cause.getMessage(),
                "If another instance of this application uses the same file, stop it or give this one its own "
                        + "reprise.store.path. For tests, set reprise.store.type=memory (or use @RepriseTest).",
                cause);
    }
}
