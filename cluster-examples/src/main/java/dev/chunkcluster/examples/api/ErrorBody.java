package dev.chunkcluster.examples.api;

/**
 * The body of every HTTP error: the status code and one line saying what was wrong and how to do it right.
 */
public record ErrorBody(int status, String error) {
}
