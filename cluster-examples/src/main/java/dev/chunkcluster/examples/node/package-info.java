/**
 * The coordinator and worker processes: their command lines, their arguments, their private temporary
 * directory, and the local cluster (store and process controller) of one database.
 */
package dev.chunkcluster.examples.node;
