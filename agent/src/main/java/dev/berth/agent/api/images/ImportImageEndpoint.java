package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonMessageStream;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.registry.RegistryAccess;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /images/create?fromSrc=-|<url>&repo=&tag=&message=&changes=}: {@code docker import}
 * ({@code ?fromImage=} is {@code docker pull}: {@link PullImageEndpoint}).
 * The body (or the URL's content) is a root filesystem tar in any compression. Answers a JSON
 * message stream ending in {@code {"status":"sha256:…"}}; a failure before the first message is a
 * plain error answer, after it an error message in the stream (as dockerd does).
 */
public final class ImportImageEndpoint implements DockerEndpoint {
  private final ImageService images;
  private final ImportSource downloads;
  private final PullImageEndpoint pull;

  /** Imports into {@code images}, fetching URLs through {@code downloads}. */
  ImportImageEndpoint(ImageService images, ImportSource downloads) {
    this(images, downloads, RegistryAccess.standalone());
  }

  /** Imports into {@code images}, fetching URLs through {@code downloads}, pulling through {@code registries}. */
  ImportImageEndpoint(ImageService images, ImportSource downloads, RegistryAccess registries) {
    this.images = images;
    this.downloads = downloads;
    this.pull = new PullImageEndpoint(images, registries);
  }

  /** Imports into {@code images}, fetching URLs with the default size and time bounds. */
  public ImportImageEndpoint(ImageService images) {
    this(images, RegistryAccess.standalone());
  }

  /** Imports into {@code images}, or pulls ({@code fromImage}) through {@code registries}. */
  public ImportImageEndpoint(ImageService images, RegistryAccess registries) {
    this(images, ImportSource.withDefaults(), registries);
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    if (!request.queryParam("fromImage").orElse("").isEmpty()) {
      pull.handle(request, response);
      return;
    }
    String source = request.queryParam("fromSrc").orElse("");
    if (source.isEmpty()) {
      throw new DockerApiException(400, "fromSrc or fromImage is required");
    }
    Optional<Reference> tag;
    try {
      tag = RepoTag.of(request.queryParam("repo").orElse(""), request.queryParam("tag").orElse(""));
    } catch (InvalidReferenceException e) {
      throw new DockerApiException(400, e.getMessage());
    }
    URI url = source.equals("-") ? null : ImportSource.uriOf(source);
    String message = request.queryParam("message").orElse("");
    if (message.isEmpty()) {
      message = "Imported from " + (url == null ? "-" : url);
    }
    List<String> changes = request.query().getOrDefault("changes", List.of());
    StreamedBody body = new StreamedBody(response, 200, "application/json");
    JsonMessageStream messages = new JsonMessageStream(body);
    try {
      Image image;
      if (url == null) {
        image = images.importTar(request.body(), changes, message, tag);
      } else {
        try (InputStream download = downloads.open(url)) {
          messages.status("Downloading from " + url);
          image = images.importTar(download, changes, message, tag);
        }
      }
      messages.status(image.id().toString());
    } catch (IOException | RuntimeException e) {
      DockerApiException answer = ImageErrors.of(e, null);
      if (!body.started()) {
        throw answer;
      }
      messages.error(answer.getMessage());
    }
    body.close();
  }
}
