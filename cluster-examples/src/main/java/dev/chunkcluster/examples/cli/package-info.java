/**
 * The picocli commands: one class per command, options shared through mixins, defaults taken from the
 * constants that own them, every failure one line on standard error.
 */
package dev.chunkcluster.examples.cli;
