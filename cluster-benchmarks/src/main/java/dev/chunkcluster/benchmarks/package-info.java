/**
 * The library measured beside raw JDBC and db-scheduler (JMH pairs, contention, end to end), and the
 * report that writes docs/benchmarks.md from one run.
 */
package dev.chunkcluster.benchmarks;
