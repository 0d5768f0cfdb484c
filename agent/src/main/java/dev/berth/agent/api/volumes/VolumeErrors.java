package dev.berth.agent.api.volumes;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.images.ImageErrors;
import dev.berth.agent.volume.VolumeDriverNotFoundException;
import dev.berth.agent.volume.VolumeInUseException;
import dev.berth.agent.volume.VolumeNotFoundException;
import java.io.IOException;

/** Turns the volumes' failures into Docker answers: 404 no such volume (or driver), 409 in use, else as {@link ImageErrors}. */
final class VolumeErrors {
  private VolumeErrors() {}

  /** A volume operation that may fail. */
  @FunctionalInterface
  interface VolumeCall<T> {
    /** Runs the operation. */
    T run() throws IOException;
  }

  /** Runs {@code call}, turning its failure into an answer. */
  static <T> T on(VolumeCall<T> call) {
    try {
      return call.run();
    } catch (VolumeNotFoundException | VolumeDriverNotFoundException e) {
      throw new DockerApiException(404, e.getMessage());
    } catch (VolumeInUseException e) {
      throw new DockerApiException(409, e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw ImageErrors.of(e, null);
    }
  }
}
