package dev.chunkcluster.core.port;

import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to launch and track.
 *
 * @param group            the exploration it works for; stop and list act on a group
 * @param command          the program and its arguments, never run through a shell
 * @param environment      variables added to the launcher's environment
 * @param workingDirectory where it runs; null for the launcher's own
 */
public record LaunchSpec(ProcessRole role, String group, List<String> command, Map<String, String> environment,
                         @Nullable Path workingDirectory) {

    /**
     * Checks and copies the values; a null {@code environment} is empty.
     *
     * @throws NullPointerException if {@code role} is null
     * @throws IllegalArgumentException if {@code group} is blank or {@code command} is empty
     */
    public LaunchSpec {
        Objects.requireNonNull(role, "role");
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("launch spec needs a group (the exploration name); got "
                    + (group == null ? "null" : "'" + group + "'"));
        }
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("launch spec for a " + role.label() + " of '" + group
                    + "' needs a command; got none");
        }
        command = List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /**
     * A spec with no extra environment, run in the launcher's working directory.
     *
     * @throws IllegalArgumentException if {@code group} is blank or {@code command} is empty
     */
    public static LaunchSpec of(ProcessRole role, String group, List<String> command) {
        return new LaunchSpec(role, group, command, Map.of(), null);
    }
}
