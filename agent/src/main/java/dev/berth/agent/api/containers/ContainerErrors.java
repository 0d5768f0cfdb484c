package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.images.ImageNames;
import dev.berth.agent.image.ImageNotFoundException;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns the runtime's failures into Docker answers: 404 no such container or image, 409 conflict, 400 bad input, 500. */
final class ContainerErrors {
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
  static DockerApiException of(Exception failure, String image) {
    if (failure instanceof UncheckedIOException unchecked) {
      return of(unchecked.getCause(), image);
    }
    if (failure instanceof DockerApiException answer) {
      return answer;
    }
    if (failure instanceof ContainerNotFoundException) {
      return new DockerApiException(404, failure.getMessage());
    }
    if (failure instanceof ImageNotFoundException) {
      return new DockerApiException(404, image == null ? failure.getMessage() : ImageNames.notFound(image));
    }
    if (failure instanceof ContainerConflictException) {
      return new DockerApiException(409, failure.getMessage());
    }
    int status = failure instanceof IllegalArgumentException || failure instanceof InvalidReferenceException ? 400 : 500;
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    DockerApiException answer = new DockerApiException(status, message);
    answer.initCause(failure);
    return answer;
  }
}
