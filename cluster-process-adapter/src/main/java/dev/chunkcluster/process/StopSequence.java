package dev.chunkcluster.process;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One {@code stopAll}: every live entry of the group and its descendants get SIGTERM together, then share one grace
 * period, then whatever remains gets SIGKILL. Each signal is preceded by a fresh check that the pid still holds the
 * process recorded (or snapshotted), and {@link ProcessHandle#destroy()} checks the start time once more natively.
 * Not thread-safe; one instance per call.
 *
 * <p>Longer than most classes because the whole sequence (snapshot, checks, signals, waits, outcomes) is one
 * algorithm whose steps share the snapshot of each process; split, each piece would need all of it.
 */
final class StopSequence {

    private static final Logger log = LoggerFactory.getLogger(StopSequence.class);

    private final String group;
    private final LogText logGroup;
    private final Duration grace;
    private final ProcessOptions options;
    private final ProcessRegistry registry;
    private final ProcessInspector inspector;
    /** Every process signalled in this stop, by pid; a worker that is also a coordinator's descendant is one member. */
    private final Map<Long, Member> members = new LinkedHashMap<>();
    private boolean interrupted;
    private long termSentAt;

    StopSequence(String group, Duration grace, ProcessOptions options, ProcessRegistry registry,
                 ProcessInspector inspector) {
        this.group = group;
        this.logGroup = LogText.of(group);
        this.grace = grace;
        this.options = options;
        this.registry = registry;
        this.inspector = inspector;
    }

    /** One process of a stopped tree. */
    private static final class Member {
        final long pid;
        /** Null when its start instant could not be read at the snapshot: never signalled. */
        final ProcessIdentity identity;
        boolean termSent;
        boolean killSent;
        boolean gone;
        long goneAt;
        /** Why it could not be signalled; null if nothing went wrong. */
        String problem;

        Member(long pid, ProcessIdentity identity) {
            this.pid = pid;
            this.identity = identity;
        }
    }

    /** A registry entry being stopped, with its tree. */
    private static final class Target {
        final RegistryEntry entry;
        final Member root;
        final Set<Member> descendants = new LinkedHashSet<>();

        Target(RegistryEntry entry, Member root) {
            this.entry = entry;
            this.root = root;
        }

        List<Member> tree() {
            List<Member> tree = new ArrayList<>();
            tree.add(root);
            tree.addAll(descendants);
            return tree;
        }
    }

    List<ProcessStopOutcome> run() {
        List<RegistryEntry> entries = registry.read(group);
        if (entries.isEmpty()) {
            log.info("exploration '{}': no process to stop", logGroup);
            return List.of();
        }
        log.info("exploration '{}': stopping {} tracked process(es) (SIGTERM, then SIGKILL after {} grace)",
                logGroup, entries.size(), grace);

        Map<RegistryEntry, ProcessStopOutcome> outcomes = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        for (RegistryEntry entry : entries) {
            Liveness liveness = Liveness.of(inspector, entry);
            switch (liveness.state()) {
                case GONE -> {
                    outcomes.put(entry, outcome(entry, Kind.ALREADY_GONE, liveness.detail()));
                    remove(entry);
                }
                case FOREIGN -> {
                    log.warn("exploration '{}': registry entry {} names a process this library did not launch: {}",
                            logGroup, entry.file(), liveness.detail());
                    outcomes.put(entry, outcome(entry, Kind.ALREADY_GONE, liveness.detail()));
                    remove(entry);
                }
                case UNVERIFIABLE, SELF -> outcomes.put(entry, outcome(entry, Kind.FAILED, liveness.detail()));
                case LIVE -> {
                    Target target = new Target(entry, member(entry.pid(), entry.identity()));
                    snapshotDescendants(target, liveness.observation());
                    targets.add(target);
                    outcomes.put(entry, null);
                }
            }
        }
        // The whole snapshot is taken before the first signal: a child whose parent dies is re-parented and can
        // no longer be found as a descendant.
        for (Target target : targets) {
            target.descendants.remove(target.root);
        }

        termSentAt = System.nanoTime();
        for (Target target : targets) {
            target.tree().forEach(m -> signal(m, false));
        }
        waitForExit(grace);

        boolean killed = false;
        for (Target target : targets) {
            addLateDescendants(target);
            for (Member m : target.tree()) {
                if (m.problem == null && isRunning(m)) {
                    signal(m, true);
                    killed |= m.killSent;
                }
            }
        }
        if (killed) {
            waitForExit(options.killWait());
        }

        for (Target target : targets) {
            outcomes.put(target.entry, conclude(target));
        }
        List<ProcessStopOutcome> result = List.copyOf(outcomes.values());
        logSummary(result);
        return result;
    }

    private Member member(long pid, ProcessIdentity identity) {
        return members.computeIfAbsent(pid, p -> new Member(p, identity));
    }

    private void snapshotDescendants(Target target, Observation root) {
        for (Observation d : inspector.descendants(root)) {
            target.descendants.add(member(d.pid(), d.startInstant() == null ? null : ProcessIdentity.of(d)));
        }
        if (!target.descendants.isEmpty()) {
            log.debug("exploration '{}': {} has descendants {}", logGroup, target.entry.process(),
                    target.descendants.stream().map(m -> Long.toString(m.pid)).collect(Collectors.joining(", ")));
        }
    }

    /** Processes a still running member started during the grace period get SIGKILL with the rest. */
    private void addLateDescendants(Target target) {
        for (Member m : target.tree()) {
            if (m.identity == null || m.gone || m.problem != null) {
                continue;
            }
            Optional<Observation> seen = verified(m);
            if (seen.isEmpty()) {
                continue;
            }
            for (Observation d : inspector.descendants(seen.get())) {
                if (!members.containsKey(d.pid())) {
                    log.debug("exploration '{}': pid {} appeared under pid {} during the grace period", logGroup,
                            d.pid(), m.pid);
                    target.descendants.add(member(d.pid(), d.startInstant() == null ? null : ProcessIdentity.of(d)));
                }
            }
        }
    }

    /** The member's process as seen now, if the pid still holds the process recorded and it has not exited. */
    private Optional<Observation> verified(Member m) {
        Optional<Observation> seen = inspector.observe(m.pid);
        if (seen.isEmpty() || seen.get().exited()
                || m.identity.compare(seen.get()) != ProcessIdentity.Match.SAME) {
            return Optional.empty();
        }
        return seen;
    }

    private void signal(Member m, boolean force) {
        String signal = force ? "SIGKILL" : "SIGTERM";
        if (m.gone || m.problem != null || (force ? m.killSent : m.termSent)) {
            return;
        }
        if (m.identity == null) {
            m.problem = "its start instant could not be read when it was found, so it was not signalled";
            return;
        }
        Optional<Observation> seen = inspector.observe(m.pid);
        if (seen.isEmpty() || seen.get().exited()) {
            markGone(m);
            return;
        }
        switch (m.identity.compare(seen.get())) {
            case DIFFERENT -> {
                log.debug("exploration '{}': pid {} now belongs to another process; not sent {}", logGroup, m.pid, signal);
                markGone(m);
                return;
            }
            case UNKNOWN -> {
                m.problem = "its start instant can no longer be read, so it was not sent " + signal;
                return;
            }
            case SAME -> {
                // checked below
            }
        }
        if (m.pid == ProcessHandle.current().pid()) {
            m.problem = "pid " + m.pid + " is this process itself; it never signals itself";
            return;
        }
        String foreign = foreignOwner(m.pid);
        if (foreign != null) {
            if (isRunning(m)) {
                m.problem = foreign;
            }
            return;
        }
        boolean sent;
        try {
            ProcessHandle handle = seen.get().handle();
            sent = force ? handle.destroyForcibly() : handle.destroy();
        } catch (IllegalStateException | UnsupportedOperationException | SecurityException e) {
            m.problem = signal + " could not be sent: " + e.getMessage();
            return;
        }
        if (sent) {
            if (force) {
                m.killSent = true;
            } else {
                m.termSent = true;
            }
            log.debug("exploration '{}': sent {} to pid {}", logGroup, signal, m.pid);
        } else if (isRunning(m)) {
            m.problem = "the operating system refused " + signal + " (a process of another user?)";
        }
    }

    /** Why {@code pid} must not be signalled whatever the registry says (pid 1, another user's), or null. */
    private static String foreignOwner(long pid) {
        if (pid == 1) {
            return "pid 1 is the system's init process, never signalled";
        }
        Optional<ProcFs.Uids> uids = ProcFs.uids(pid);
        if (uids.isEmpty()) {
            return "its owner cannot be read from /proc, so it was not signalled";
        }
        if (!uids.get().both(PrivateDirectory.currentUid())) {
            return "it belongs to " + uids.get() + ", not to this user (uid " + PrivateDirectory.currentUid()
                    + "), so it was not signalled";
        }
        return null;
    }

    /** False once the pid is free, a zombie, or held by another process; records when it was first seen gone. */
    private boolean isRunning(Member m) {
        if (m.gone) {
            return false;
        }
        Optional<Observation> seen = inspector.observe(m.pid);
        boolean running = seen.isPresent() && !seen.get().exited()
                && (m.identity == null || m.identity.compare(seen.get()) != ProcessIdentity.Match.DIFFERENT);
        if (!running) {
            markGone(m);
        }
        return running;
    }

    private static void markGone(Member m) {
        if (!m.gone) {
            m.gone = true;
            m.goneAt = System.nanoTime();
        }
    }

    /** Polls until every signalled member is gone, {@code limit} has passed, or the thread is interrupted. */
    private void waitForExit(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean waiting = false;
            for (Member m : members.values()) {
                if (m.problem == null && (m.termSent || m.killSent) && isRunning(m)) {
                    waiting = true;
                }
            }
            long left = deadline - System.nanoTime();
            if (!waiting || left <= 0 || interrupted) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, options.pollInterval().toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
                log.warn("exploration '{}': interrupted while waiting for processes to exit; sending SIGKILL now"
                        + " without waiting", logGroup);
                return;
            }
        }
    }

    private ProcessStopOutcome conclude(Target target) {
        RegistryEntry entry = target.entry;
        Member root = target.root;
        if (root.problem != null && isRunning(root)) {
            return outcome(entry, Kind.FAILED, root.problem);
        }
        if (isRunning(root)) {
            return outcome(entry, Kind.FAILED, interrupted
                    ? "interrupted before its exit was confirmed; SIGKILL was sent"
                    : "still running " + options.killWait() + " after SIGKILL");
        }
        remove(entry);
        List<Member> left = new ArrayList<>();
        for (Member d : target.descendants) {
            if (isRunning(d)) {
                left.add(d);
            }
        }
        if (!left.isEmpty()) {
            return outcome(entry, Kind.FAILED, "exited, but " + left.size() + " descendant(s) could not be stopped: "
                    + left.stream().map(d -> "pid " + d.pid + " (" + (d.problem != null ? d.problem
                            : "still running after SIGKILL") + ")").collect(Collectors.joining(", ")));
        }
        long forcedDescendants = target.descendants.stream().filter(d -> d.killSent).count();
        String family = target.descendants.isEmpty() ? "" : " with " + target.descendants.size() + " descendant(s)";
        if (root.killSent) {
            return outcome(entry, Kind.FORCED, "still running after the " + grace + " grace period; SIGKILL sent to pid "
                    + root.pid + (forcedDescendants > 0 ? " and " + forcedDescendants + " descendant(s)" : ""));
        }
        if (forcedDescendants > 0) {
            return outcome(entry, Kind.FORCED, "exited after SIGTERM, but " + forcedDescendants
                    + " descendant(s) were still running after the " + grace + " grace period and got SIGKILL");
        }
        if (!root.termSent) {
            return outcome(entry, Kind.ALREADY_GONE, "exited on its own before it was signalled");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(root.goneAt - termSentAt);
        return outcome(entry, Kind.STOPPED, "exited " + millis + " ms after SIGTERM" + family);
    }

    private void remove(RegistryEntry entry) {
        try {
            registry.delete(entry);
        } catch (ProcessControlException e) {
            log.warn("exploration '{}': {}; a later listing removes it", logGroup, e.getMessage());
        }
    }

    private ProcessStopOutcome outcome(RegistryEntry entry, Kind kind, String detail) {
        return new ProcessStopOutcome(entry.process(), kind, detail);
    }

    private void logSummary(List<ProcessStopOutcome> outcomes) {
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        for (ProcessStopOutcome outcome : outcomes) {
            counts.merge(outcome.kind(), 1, Integer::sum);
            if (outcome.kind() == Kind.FAILED) {
                log.warn("exploration '{}': {}", logGroup, outcome);
            } else {
                log.info("exploration '{}': {}", logGroup, outcome);
            }
        }
        log.info("exploration '{}': stopped {} processes ({} stopped, {} forced, {} already gone, {} failed)",
                logGroup, outcomes.size(), counts.get(Kind.STOPPED), counts.get(Kind.FORCED),
                counts.get(Kind.ALREADY_GONE), counts.get(Kind.FAILED));
    }
}
