/**
 * The four-state status derived from chunk counts, progress and health: what a status page shows.
 */
package dev.chunkcluster.core.status;
