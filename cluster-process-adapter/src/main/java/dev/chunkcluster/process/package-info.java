/**
 * The {@link dev.chunkcluster.core.port.ProcessController} for processes of this machine: create it with
 * {@link dev.chunkcluster.process.LocalProcessController#create(dev.chunkcluster.process.ProcessOptions)}.
 * {@link dev.chunkcluster.process.LocalProcessController} and {@link dev.chunkcluster.process.ProcessOptions} are the
 * only public types; everything else is package-private and may change in any release.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.process;

import org.jspecify.annotations.NullMarked;
