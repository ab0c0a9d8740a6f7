package dev.chunkcluster.core.port;

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
                         Path workingDirectory) {

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

    public static LaunchSpec of(ProcessRole role, String group, List<String> command) {
        return new LaunchSpec(role, group, command, Map.of(), null);
    }
}
