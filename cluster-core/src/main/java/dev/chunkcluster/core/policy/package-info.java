/**
 * The policies that use the ports: Stop (database first), Start, the health check, the worker loop and
 * the supervisor. Pure Java: time comes from an injected clock.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.core.policy;

import org.jspecify.annotations.NullMarked;
