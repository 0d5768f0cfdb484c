package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.images.ImageErrors;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerNotFoundException;
import java.io.IOException;

/** Turns the runtime's failures into Docker answers: 404 no such container, 409 conflict, else as {@link ImageErrors}. */
public final class ContainerErrors {
  private ContainerErrors() {}

  /** A container operation that may fail as the runtime fails. */
  @FunctionalInterface
  interface ContainerCall<T> {
    /** Runs the operation. */
    T run() throws IOException;
  }

  /** Runs {@code call}, turning its failure into an answer. */
  static <T> T on(ContainerCall<T> call) {
    try {
      return call.run();
    } catch (IOException | RuntimeException e) {
      throw of(e, null);
    }
  }

  /** The answer for {@code failure}; {@code image} (or null) is the image the request named, for 404's words. */
  public static DockerApiException of(Exception failure, String image) {
    if (failure instanceof java.io.UncheckedIOException unchecked) {
      return of(unchecked.getCause(), image);
    }
    if (failure instanceof ContainerNotFoundException) {
      return new DockerApiException(404, failure.getMessage());
    }
    if (failure instanceof ContainerConflictException) {
      return new DockerApiException(409, failure.getMessage());
    }
    return ImageErrors.of(failure, image); // the rest as the image endpoints answer it
  }
}
