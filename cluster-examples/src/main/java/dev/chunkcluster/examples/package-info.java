/**
 * The demo program: {@code java -jar cluster-examples.jar explore} and the commands that control it.
 * Shows how an application wires the core, the SQLite store and the process controller.
 */
package dev.chunkcluster.examples;
