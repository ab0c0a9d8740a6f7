/**
 * What a user of the library tests with: an in-memory ChunkStore, a scriptable fake ProcessController, a
 * settable clock, manual heartbeats, and the contract every ChunkStore passes.
 */
package dev.chunkcluster.testkit;
