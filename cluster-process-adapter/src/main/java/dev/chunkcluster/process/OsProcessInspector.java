package dev.chunkcluster.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ProcessInspector} on {@link ProcessHandle}, refined by {@link ProcFs} where available. */
final class OsProcessInspector implements ProcessInspector {

    private static final int ATTEMPTS = 3;

    @Override
    public Optional<Observation> observe(long pid) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // The handle is read between two reads of /proc: equal ticks before and after prove that the handle,
            // the start instant and the ticks all describe one process, not a process and its pid's next owner.
            Optional<ProcFs.Stat> before = ProcFs.stat(pid);
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                return Optional.empty();
            }
            Instant start = handle.get().info().startInstant().orElse(null);
            Optional<ProcFs.Stat> after = ProcFs.stat(pid);
            if (before.isPresent() && after.isEmpty()) {
                return Optional.empty();
            }
            if (before.isEmpty() && after.isPresent()
                    || before.isPresent() && before.get().startTicks() != after.get().startTicks()) {
                continue;
            }
            Long ticks = after.map(ProcFs.Stat::startTicks).orElse(null);
            boolean exited = after.map(ProcFs.Stat::exited).orElse(false);
            return Optional.of(new Observation(pid, handle.get(), start, ticks, ProcFs.bootId(), exited));
        }
        return Optional.of(new Observation(pid, ProcessHandle.of(pid).orElse(null), null, null, ProcFs.bootId(), false));
    }

    @Override
    public List<Observation> descendants(Observation root) {
        List<Observation> result = new ArrayList<>();
        if (root.handle() == null) {
            return result;
        }
        root.handle().descendants().forEach(found -> {
            // info() is empty if the pid no longer holds the process the scan found; isAlive() tells the two apart.
            Instant scanned = found.info().startInstant().orElse(null);
            Optional<Observation> now = observe(found.pid());
            if (now.isEmpty() || now.get().exited()) {
                return;
            }
            if (scanned == null) {
                if (found.isAlive()) {
                    result.add(withoutStart(now.get()));
                }
            } else if (scanned.equals(now.get().startInstant())) {
                result.add(now.get());
            } else if (now.get().startInstant() == null) {
                result.add(withoutStart(now.get()));
            }
        });
        return result;
    }

    private static Observation withoutStart(Observation o) {
        return new Observation(o.pid(), o.handle(), null, null, o.bootId(), o.exited());
    }
}
