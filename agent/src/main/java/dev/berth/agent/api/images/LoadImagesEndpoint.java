package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonMessageStream;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.LoadProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code POST /images/load?quiet=}: {@code docker load} of a docker-archive or OCI archive in
 * any compression. Answers a JSON message stream: {@code {"stream":"Loaded image: busybox:latest\n"}}
 * per tag (or {@code Loaded image ID: sha256:…}), layer progress unless quiet. As in dockerd,
 * a failed load is still a 200 whose stream ends in an error message.
 */
public final class LoadImagesEndpoint implements DockerEndpoint {
  private final ImageService images;

  /** Loads into {@code images}. */
  public LoadImagesEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    // dockerd's BoolValueOrDefault: quiet unless asked otherwise.
    boolean quiet = request.queryParam("quiet").map(v -> !v.matches("|0|no|false|none")).orElse(true);
    StreamedBody body = new StreamedBody(response, 200, "application/json");
    JsonMessageStream messages = new JsonMessageStream(body);
    try {
      images.load(request.body(), new StreamProgress(messages, quiet));
    } catch (IOException | RuntimeException e) {
      messages.error(ImageErrors.of(e, null).getMessage());
    }
    body.close();
  }

  /** Load progress as dockerd words it: "Loading layer" lines per layer, text lines as stream messages. */
  private record StreamProgress(JsonMessageStream messages, boolean quiet) implements LoadProgress {
    @Override
    public void message(String line) {
      try {
        messages.stream(line + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void layer(String diffIdOrName, int done, int total) {
      if (quiet || diffIdOrName.isEmpty()) {
        return;
      }
      String hex = diffIdOrName.substring(diffIdOrName.indexOf(':') + 1);
      try {
        messages.progress(hex.substring(0, Math.min(12, hex.length())), "Loading layer", done, total);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
