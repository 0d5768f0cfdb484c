package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.runtime.ExecNotFoundException;
import java.io.IOException;

/** The exec endpoints' failures as Docker answers them: 404 no such exec instance, else as containers. */
final class ExecErrors {
  private ExecErrors() {}

  /** Runs {@code call}, turning its failure into an answer. */
  static <T> T on(ContainerErrors.ContainerCall<T> call) {
    try {
      return call.run();
    } catch (ExecNotFoundException e) {
      throw new DockerApiException(404, e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw ContainerErrors.of(e, null);
    }
  }
}
