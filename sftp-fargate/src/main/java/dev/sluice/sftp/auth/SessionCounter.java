package dev.sluice.sftp.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authenticated sessions per user on this task, for {@code max_sessions}. Counting across tasks
 * needs the connections table (the README lists what is left); until then the limit holds per task.
 */
public final class SessionCounter {

    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public int count(String username) {
        AtomicInteger c = counts.get(username);
        return c == null ? 0 : c.get();
    }

    public void opened(String username) {
        counts.computeIfAbsent(username, u -> new AtomicInteger()).incrementAndGet();
    }

    public void closed(String username) {
        counts.computeIfPresent(username, (u, c) -> c.decrementAndGet() <= 0 ? null : c);
    }
}
