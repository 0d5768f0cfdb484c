package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.RuntimeSpec.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --init}: Docker's docker-init as PID 1, which reaps orphaned zombies and passes signals
 * on. Berth uses Debian's static tini, bind-mounted read-only at {@code /sbin/docker-init} as
 * Docker does, so it runs in any image.
 */
final class ContainerInit {
  static final String PATH_IN_CONTAINER = "/sbin/docker-init";
  private static final Path TINI = Path.of("/usr/bin/tini-static");

  private ContainerInit() {}

  /** {@code args} run under the init. */
  static List<String> wrap(List<String> args) {
    List<String> wrapped = new ArrayList<>(List.of(PATH_IN_CONTAINER, "--"));
    wrapped.addAll(args);
    return wrapped;
  }

  /** The init's bind mount; refuses when the host has no tini. */
  static Mount mount() {
    if (!Files.isExecutable(TINI)) {
      throw new IllegalArgumentException("--init needs " + TINI + " on the host (Debian package tini)");
    }
    return new Mount(PATH_IN_CONTAINER, "bind", TINI.toString(), List.of("rbind", "ro"));
  }
}
