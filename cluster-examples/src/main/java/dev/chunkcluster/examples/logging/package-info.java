/**
 * The logging of each role (one logback XML per role) and the two pieces they need: control characters
 * escaped in every message, and a log file opened without following links.
 */
package dev.chunkcluster.examples.logging;
