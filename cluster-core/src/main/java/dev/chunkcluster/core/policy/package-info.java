/**
 * The policies that use the ports: Stop (database first), Start, the health check, the worker loop and
 * the supervisor. Pure Java: time comes from an injected clock.
 */
package dev.chunkcluster.core.policy;
