package dev.berth.agent.api.volumes;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.images.ImageErrors;
import dev.berth.agent.volume.VolumeDriverNotFoundException;
import dev.berth.agent.volume.VolumeInUseException;
import dev.berth.agent.volume.VolumeNotFoundException;
import dev.berth.agent.volume.backup.BadBackupException;
import java.io.IOException;

/** Turns the volumes' failures into Docker answers: 400 a bad backup archive, 404 no such volume (or driver), 409 in use, else as {@link ImageErrors}. */
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
    } catch (IOException | RuntimeException e) {
      throw of(e);
    }
  }

  /** The answer for a volume operation's failure {@code e}. */
  static DockerApiException of(Exception e) {
    if (e instanceof DockerApiException answered) {
      return answered;
    } else if (e instanceof BadBackupException || e instanceof IllegalArgumentException) {
      return new DockerApiException(400, e.getMessage());
    } else if (e instanceof VolumeNotFoundException || e instanceof VolumeDriverNotFoundException) {
      return new DockerApiException(404, e.getMessage());
    } else if (e instanceof VolumeInUseException) {
      return new DockerApiException(409, e.getMessage());
    }
    return ImageErrors.of(e, null);
  }
}
