package dev.chunkcluster.examples.api;

/**
 * What the last scheduled health check found and fixed.
 *
 * @param at           when it ran, ISO-8601
 * @param fixed        chunks it put back (expired leases and orphaned running chunks)
 * @param message      one line for a person
 * @param checks       health checks run since the server started
 * @param totalFixed   chunks fixed by all of them
 * @param error        why the last check failed, null when it ran
 */
public record HealthCheckBody(String at, long fixed, String message, long checks, long totalFixed, String error) {
}
