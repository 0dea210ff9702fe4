package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.CountingStore;
import io.reprise.benchmark.EngineBenchmark.CpuUse;
import io.reprise.benchmark.EngineBenchmark.Settings;
import io.reprise.benchmark.EngineBenchmark.StoreUnderTest;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;

/** The engine in the benchmark's own JVM, on a store whose calls and SQL it counts. */
final class EmbeddedEngine implements EngineUnderTest {

    private final StoreUnderTest opened;
    private final CountingStore store;
    private final Engine engine;

    private EmbeddedEngine(StoreUnderTest opened, CountingStore store, Engine engine) {
        this.opened = opened;
        this.store = store;
        this.engine = engine;
    }

    static EmbeddedEngine start(Settings settings) throws Exception {
        StatementCounter sql = new StatementCounter();
        StoreUnderTest opened = StoreUnderTest.open(settings, sql);
        CountingStore store = new CountingStore(opened.store(), sql);
        try {
            return new EmbeddedEngine(opened, store, Engine.builder().store(store).build());
        } catch (RuntimeException e) {
            opened.cleanUp().run();
            throw e;
        }
    }

    /** The store, counted, for the code that runs the engine in a process of its own. */
    CountingStore store() {
        return store;
    }

    Engine engine() {
        return engine;
    }

    @Override
    public Transport transport() {
        return Transport.EMBEDDED;
    }

    @Override
    public EngineService service() {
        return engine;
    }

    @Override
    public void reset() {
        store.reset();
    }

    @Override
    public void printSql(int workflows) {
        store.printSql(workflows);
    }

    @Override
    public long commits() {
        return store.commits.sum();
    }

    @Override
    public long commitNanos() {
        return store.commitNanos.sum();
    }

    @Override
    public long stateBytes() {
        return store.stateBytes.sum();
    }

    @Override
    public long eventBytes() {
        return store.eventBytes.sum();
    }

    @Override
    public long loads() {
        return store.loads.sum();
    }

    @Override
    public long historyReads() {
        return store.historyReads.sum();
    }

    @Override
    public long writerCpuNanos(CpuUse cpu) {
        return cpu.groupNanos("store writer");
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            opened.cleanUp().run();
        }
    }
}
