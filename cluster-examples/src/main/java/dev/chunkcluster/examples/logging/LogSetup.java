package dev.chunkcluster.examples.logging;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Chooses the logging configuration before the first logger exists ({@link CliLogConfigurator} then sets it up):
 * commands that work on a database log to a file beside it ({@code <db>.log}); one-shot commands keep the console
 * silent (their output is their answer, and a failure is one line on standard error); {@code explore} and
 * {@code serve} show concise progress on the console.
 */
public final class LogSetup {

    /** The default database file, as the commands' {@code --db} option. */
    public static final String DEFAULT_DATABASE = "exploration.db";

    private static final Set<String> CHATTY_COMMANDS = Set.of("explore", "serve");
    /** Commands that create the database if it is missing (but never its directory). */
    private static final Set<String> CREATING_COMMANDS = Set.of("explore", "init");
    /** Commands that refuse a missing database: no log file for them then, so a typo leaves nothing behind. */
    private static final Set<String> READING_COMMANDS = Set.of("start", "stop", "status", "results", "serve");

    private LogSetup() {
    }

    public static void configure(String[] args) {
        String command = null;
        String database = DEFAULT_DATABASE;
        boolean inline = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--db") && i + 1 < args.length) {
                database = args[++i];
            } else if (arg.startsWith("--db=")) {
                database = arg.substring("--db=".length());
            } else if (arg.equals("--inline")) {
                inline = true;
            } else if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                help = true;
            } else if (command == null && !arg.startsWith("-")) {
                command = arg;
            }
        }
        boolean chatty = command != null && CHATTY_COMMANDS.contains(command);
        System.setProperty(ConsoleFilter.QUIET_PROPERTY, Boolean.toString(!chatty || help));
        System.setProperty(CliLogConfigurator.MODE_PROPERTY, CliLogConfigurator.CONSOLE);
        if (command != null && !inline && !help && !database.isBlank()) {
            try {
                Path db = Path.of(database).toAbsolutePath().normalize();
                boolean logBeside = CREATING_COMMANDS.contains(command) && db.getParent() != null
                        && Files.isDirectory(db.getParent())
                        || READING_COMMANDS.contains(command) && Files.isRegularFile(db);
                if (!logBeside) {
                    return;
                }
                Path logFile = Path.of(database + ".log").toAbsolutePath().normalize();
                System.setProperty(CliLogConfigurator.FILE_PROPERTY, logFile.toString());
                System.setProperty(CliLogConfigurator.PID_PROPERTY, Long.toString(ProcessHandle.current().pid()));
                System.setProperty(CliLogConfigurator.MODE_PROPERTY, CliLogConfigurator.FILE);
            } catch (InvalidPathException e) {
                // the command itself reports the bad --db; log to the console only
            }
        }
    }
}
