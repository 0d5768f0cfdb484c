package dev.berth.agent.api.networks;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.images.ImageErrors;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerNotFoundException;
import java.io.IOException;

/** Turns the networks' failures into Docker answers: 404 no such network or container, 409 conflict, else as {@link ImageErrors}. */
final class NetworkErrors {
  private NetworkErrors() {}

  /** A network operation that may fail. */
  @FunctionalInterface
  interface NetworkCall<T> {
    /** Runs the operation. */
    T run() throws IOException;
  }

  /** Runs {@code call}, turning its failure into an answer. */
  static <T> T on(NetworkCall<T> call) {
    try {
      return call.run();
    } catch (HostNetworks.NetworkNotFoundException | ContainerNotFoundException e) {
      throw new DockerApiException(404, e.getMessage());
    } catch (ContainerConflictException e) {
      throw new DockerApiException(409, e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw ImageErrors.of(e, null);
    }
  }
}
