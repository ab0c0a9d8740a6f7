package dev.chunkcluster.examples.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DbLocationTest {

    @Test
    void aPathIsASqliteFileAndAJdbcUrlAPostgresDatabase() {
        DbLocation file = DbLocation.parse("runs/exploration.db");
        assertFalse(file.isPostgres());
        assertEquals(Path.of("runs/exploration.db").toAbsolutePath(), file.file());
        assertEquals(file.file().toString(), file.argument());
        assertTrue(file.stateDirectory().toString().endsWith("exploration.db.processes"), file.stateDirectory()
                .toString());

        String url = "jdbc:postgresql://db.example.org:5433/jobs?user=explorer&currentSchema=chunkcluster";
        DbLocation postgres = DbLocation.parse(url);
        assertTrue(postgres.isPostgres());
        assertEquals(url, postgres.argument(), "nodes get the URL as it was given");
        assertEquals("PostgreSQL server db.example.org:5433 database jobs", postgres.toString());
        assertEquals("chunkcluster", postgres.schema());
        assertEquals(Path.of("").toAbsolutePath().resolve("postgres-db.example.org_5433-jobs.processes"),
                postgres.stateDirectory());
    }

    @Test
    void aPasswordInTheUrlAndOtherDatabasesAreRefusedWithTheFix() {
        IllegalArgumentException password = assertThrows(IllegalArgumentException.class,
                () -> DbLocation.parse("jdbc:postgresql://h:5432/d?user=u&password=secret"));
        assertTrue(password.getMessage().contains(DbLocation.PASSWORD_ENV), password.getMessage());
        assertFalse(password.getMessage().contains("secret"), "the password is not echoed: " + password.getMessage());

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> DbLocation.parse("jdbc:mysql://h/d"));
        assertTrue(other.getMessage().contains("only PostgreSQL URLs"), other.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> DbLocation.parse("jdbc:postgresql:jobs"));
        assertTrue(shape.getMessage().contains("jdbc:postgresql://HOST:PORT/DATABASE"), shape.getMessage());
    }

    @Test
    void anEmptyValueIsRefusedRatherThanTakenForTheWorkingDirectory() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> DbLocation.parse(" "));
        assertTrue(empty.getMessage().contains("--db needs the path of a database file or a PostgreSQL URL"),
                empty.getMessage());
    }
}
