/**
 * What the command line and the HTTP service both offer (status, Start, Stop, results, health check),
 * on the ports, with the JSON bodies both print: types inside, strings only in the bodies.
 */
package dev.chunkcluster.examples.api;
