package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.image.ImageConflictException;
import dev.berth.agent.image.ImageNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns the image package's failures into Docker answers: 404 no such image, 409 conflict, 400 bad input, 500. */
public final class ImageErrors {
  private ImageErrors() {}

  /** An image operation that may fail as the image package fails. */
  @FunctionalInterface
  interface ImageCall<T> {
    /** Runs the operation. */
    T run() throws IOException;
  }

  /** Checks {@code name}, runs {@code call} on it, and turns its failure into an answer naming {@code name}. */
  static <T> T onImage(String name, ImageCall<T> call) {
    ImageNames.check(name);
    try {
      return call.run();
    } catch (IOException | RuntimeException e) {
      throw of(e, name);
    }
  }

  /** The answer for {@code failure}; {@code name} (or null) is the image the request named, for 404's words. */
  public static DockerApiException of(Exception failure, String name) {
    if (failure instanceof UncheckedIOException unchecked) {
      return of(unchecked.getCause(), name);
    }
    if (failure instanceof DockerApiException answer) {
      return answer;
    }
    if (failure instanceof ImageNotFoundException) {
      return new DockerApiException(404, name == null ? failure.getMessage() : ImageNames.notFound(name));
    }
    if (failure instanceof ImageConflictException) {
      return new DockerApiException(409, failure.getMessage());
    }
    int status = failure instanceof IllegalArgumentException ? 400 : 500;
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    DockerApiException answer = new DockerApiException(status, message);
    answer.initCause(failure);
    return answer;
  }
}
