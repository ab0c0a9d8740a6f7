/**
 * Where the commands' {@code --db} points: a SQLite file or a PostgreSQL database, how its store is opened, where its
 * state directory lies, and the password file it leaves for launched nodes.
 */
package dev.chunkcluster.examples.store;
