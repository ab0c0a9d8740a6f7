/**
 * Test doubles and the executable definition of a {@link dev.chunkcluster.core.port.ChunkStore}: an in-memory store,
 * a scriptable fake process controller, a settable clock, heartbeats driven by hand, and
 * {@link dev.chunkcluster.testkit.ChunkStoreContract}, the abstract JUnit Jupiter test that every store passes.
 *
 * <p>Use it at test scope. It needs the JUnit Jupiter API; the engine that runs the tests is the user's own test
 * dependency. Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.testkit;

import org.jspecify.annotations.NullMarked;
