package io.reprise.transport.grpc.cluster;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.TaskHandBack;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.ShardDirectory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task queues across nodes: a worker polling this node gets the tasks of runs owned by any node.
 *
 * <p>A poll first takes a task of this node's engine if one is queued (no wait, no forwarding). Otherwise it waits
 * on this node's engine, and meanwhile the node keeps one <em>forwarded poll</em> open at each other live node for
 * the queue (per namespace, Task Queue and kind), shared by every poll waiting here for that queue: what is
 * outstanding is one long poll per peer per queue, whatever the number of workers. A task a forwarded poll brings
 * goes to the poll that has waited longest here, whose wait on the local engine is interrupted (a task the local
 * engine hands that poll meanwhile is handed back to it).
 *
 * <p>Forwarded polls are not cancelled when the polls waiting here end: a cancelled gRPC call may lose an answer
 * already on the wire (the peer counts it as delivered, the caller never reads it), so a task could be lost. A
 * forwarded poll instead runs to its end ({@link #FORWARDED_WAIT} at most), and a task it brings when no poll waits
 * here is held up to {@link #HOLD} for the next one (a busy worker polls again within milliseconds), then handed
 * back to the node it came from ({@code HandBackTask}), unstarted. A forwarded poll that ends with nobody waiting
 * is not renewed. Only closing the router cancels them.
 */
final class ForwardedPolls<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ForwardedPolls.class);

    /** How long one forwarded poll waits at a peer. */
    static final Duration FORWARDED_WAIT = Duration.ofSeconds(10);
    /** How long a forwarded task that found no poll waiting here is kept for the next one before going back. */
    static final Duration HOLD = Duration.ofMillis(500);
    /** How long a forwarded poll waits after a peer failed before it polls that peer again. */
    static final Duration PEER_FAILURE_BACKOFF = Duration.ofSeconds(1);

    /** What differs between Workflow Tasks and Activity Tasks. */
    interface Kind<T> {

        /** A poll of {@code engine} for {@code queue}. */
        Optional<T> poll(EngineService engine, QueueKey queue, QueueState state, Duration wait);

        byte[] taskToken(T task);

        void handBack(TaskHandBack engine, byte[] taskToken);
    }

    /** A Task Queue of one kind in one namespace. */
    record QueueKey(String namespace, String taskQueue) {
    }

    /** What the forwarded polls of a queue send: the latest waiting poll's identity and rate share. */
    record QueueState(String identity, Double maxTasksPerSecond) {
    }

    private final Kind<T> kind;
    private final ShardDirectory directory;
    private final PeerEngines peers;
    private final ConcurrentMap<QueueKey, Exchange> exchanges = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ForwardedPolls(Kind<T> kind, ShardDirectory directory, PeerEngines peers) {
        this.kind = kind;
        this.directory = directory;
        this.peers = peers;
    }

    /**
     * Polls {@code queue} on this node and, while it waits, at the other live nodes.
     *
     * @param local a poll of this node's engine for the given wait
     * @param handBackLocal hands a task of this node's engine back to it
     */
    Optional<T> poll(QueueKey queue, QueueState state, Duration wait, Function<Duration, Optional<T>> local,
            Consumer<byte[]> handBackLocal) {
        List<NodeAddress> others = otherLiveNodes();
        if (others.isEmpty() || closed) {
            return local.apply(wait);
        }
        if (Thread.currentThread().isInterrupted()) {
            return Optional.empty();
        }
        Optional<T> queued = local.apply(Duration.ZERO);
        if (queued.isPresent() || wait == null || wait.isNegative() || wait.isZero()) {
            return queued;
        }
        Exchange exchange = exchanges.computeIfAbsent(queue, Exchange::new);
        Waiter<T> waiter = new Waiter<>(Thread.currentThread());
        exchange.join(waiter, state, others);
        Optional<T> fromLocal = Optional.empty();
        RuntimeException failure = null;
        try {
            fromLocal = local.apply(wait);
        } catch (RuntimeException e) {
            failure = e; // perhaps of the interrupt that brought a forwarded task, which must not be lost
        }
        Waiter.State outcome = waiter.finish();
        exchange.leave(waiter);
        if (outcome == Waiter.State.FILLED) {
            // The forwarded task interrupted the local wait (inside the waiter's lock, so the flag is set by now).
            Thread.interrupted();
            fromLocal.ifPresent(task -> handBackLocal.accept(kind.taskToken(task)));
            return Optional.of(waiter.task);
        }
        if (failure != null) {
            throw failure;
        }
        return fromLocal;
    }

    /** How many forwarded polls run for {@code queue} (for tests). */
    int forwardedPolls(QueueKey queue) {
        Exchange exchange = exchanges.get(queue);
        if (exchange == null) {
            return 0;
        }
        synchronized (exchange) {
            return exchange.pumps.size();
        }
    }

    /** Cancels the forwarded polls (a task on the wire to one of them then waits for its timeout at its owner). */
    @Override
    public void close() {
        closed = true;
        exchanges.values().forEach(Exchange::stopAll);
    }

    private List<NodeAddress> otherLiveNodes() {
        String self = directory.localNodeId();
        return directory.liveNodes().stream().filter(node -> !node.nodeId().equals(self)).toList();
    }

    /** A poll waiting at this node, which a forwarded task may fill. */
    static final class Waiter<T> {

        enum State { WAITING, FILLED, DONE }

        private final Thread thread;
        private State state = State.WAITING;
        private T task;

        Waiter(Thread thread) {
            this.thread = thread;
        }

        /** Gives the waiting poll {@code forwarded}; false when it is no longer waiting. */
        synchronized boolean fill(T forwarded) {
            if (state != State.WAITING) {
                return false;
            }
            state = State.FILLED;
            task = forwarded;
            thread.interrupt();
            return true;
        }

        /** Ends the wait: FILLED when a forwarded task came, DONE otherwise. */
        synchronized State finish() {
            if (state == State.WAITING) {
                state = State.DONE;
            }
            return state;
        }
    }

    /** The polls waiting at this node for one queue, and the forwarded polls that serve them. */
    private final class Exchange {

        private final QueueKey queue;
        private final Deque<Waiter<T>> waiters = new ArrayDeque<>();
        private final Map<NodeAddress, Pump> pumps = new HashMap<>();
        private volatile QueueState state;

        Exchange(QueueKey queue) {
            this.queue = queue;
        }

        synchronized void join(Waiter<T> waiter, QueueState latest, List<NodeAddress> others) {
            state = latest;
            waiters.addLast(waiter);
            notifyAll(); // a held task
            for (NodeAddress peer : others) {
                if (!pumps.containsKey(peer) && !closed) {
                    Pump pump = new Pump(this, peer);
                    pumps.put(peer, pump);
                    pump.thread = Thread.ofVirtual().name("reprise-forwarded-poll-" + peer.nodeId()).start(pump);
                }
            }
        }

        synchronized void leave(Waiter<T> waiter) {
            waiters.remove(waiter);
            retireIfIdle();
        }

        /**
         * Drops this exchange from the map once nothing waits or polls (sticky queues are one per worker process, so
         * their exchanges would pile up). A poll that found it just before joins it all the same and is served.
         */
        private void retireIfIdle() {
            if (waiters.isEmpty() && pumps.isEmpty()) {
                exchanges.remove(queue, this);
            }
        }

        /**
         * Gives {@code task} to the poll that has waited longest, waiting up to {@link #HOLD} for one; false when
         * none came (or the router closed).
         */
        synchronized boolean offer(T task) {
            long deadline = System.nanoTime() + HOLD.toNanos();
            while (!closed) {
                Waiter<T> waiter;
                while ((waiter = waiters.pollFirst()) != null) {
                    if (waiter.fill(task)) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        /** Whether {@code pump} polls again: while polls wait here; otherwise it ends, and a later poll starts one. */
        synchronized boolean keepsPolling(Pump pump) {
            if (pump.isStopped() || waiters.isEmpty() || closed) {
                remove(pump);
                return false;
            }
            return true;
        }

        synchronized void remove(Pump pump) {
            pumps.remove(pump.peer, pump);
            retireIfIdle();
        }

        synchronized void stopAll() {
            pumps.values().forEach(Pump::stop);
            pumps.clear();
            notifyAll();
        }
    }

    /** One forwarded poll loop: polls a peer for a queue while polls wait here for it. */
    private final class Pump implements Runnable {

        private final Exchange exchange;
        private final NodeAddress peer;
        private Thread thread;
        private boolean stopped;
        private boolean polling;

        Pump(Exchange exchange, NodeAddress peer) {
            this.exchange = exchange;
            this.peer = peer;
        }

        @Override
        public void run() {
            while (exchange.keepsPolling(this)) {
                List<NodeAddress> live = directory.liveNodes();
                if (!live.contains(peer)) {
                    exchange.remove(this);
                    peers.retain(live); // the node left: its client is closed
                    return;
                }
                Optional<T> task;
                long started = System.nanoTime();
                try {
                    EngineService engine = peers.of(peer);
                    task = whilePolling(() -> kind.poll(engine, exchange.queue, exchange.state, FORWARDED_WAIT));
                    if (task.isEmpty() && System.nanoTime() - started < PEER_FAILURE_BACKOFF.toNanos()
                            && !isStopped()) {
                        // Empty long before its wait: the peer is stopping (its polls answer at once). No busy loop.
                        if (!backOff()) {
                            exchange.remove(this);
                            return;
                        }
                        continue;
                    }
                } catch (EngineException e) {
                    if (isStopped()) {
                        return;
                    }
                    log.debug("A forwarded poll of {} at node {} failed; polling it again in {}: {}", exchange.queue,
                            peer.nodeId(), PEER_FAILURE_BACKOFF, e.getMessage());
                    if (!backOff()) {
                        exchange.remove(this);
                        return;
                    }
                    continue;
                }
                if (task.isPresent() && !exchange.offer(task.get())) {
                    handBack(task.get());
                }
            }
        }

        /** Runs a poll with the interrupt of {@link #stop} armed, and disarms it (clearing the flag) after. */
        private Optional<T> whilePolling(Supplier<Optional<T>> poll) {
            synchronized (this) {
                if (stopped) {
                    return Optional.empty();
                }
                polling = true;
            }
            try {
                return poll.get();
            } finally {
                synchronized (this) {
                    polling = false;
                    Thread.interrupted();
                }
            }
        }

        private void handBack(T task) {
            try {
                if (peers.of(peer) instanceof TaskHandBack engine) {
                    kind.handBack(engine, kind.taskToken(task));
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("Could not hand back a task to node {}; it waits for its timeout", peer.nodeId(), e);
                return;
            }
            log.debug("Node {}'s client cannot take a task back; it waits for its timeout", peer.nodeId());
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
            if (polling) {
                thread.interrupt();
            }
        }

        synchronized boolean isStopped() {
            return stopped;
        }

        /** Waits before polling a failing peer again; false when stopped meanwhile. */
        private synchronized boolean backOff() {
            long deadline = System.nanoTime() + PEER_FAILURE_BACKOFF.toNanos();
            long left;
            while (!stopped && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return !stopped;
        }
    }
}
