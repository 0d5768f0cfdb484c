package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.api.images.RepoTag;
import dev.berth.agent.containerfs.ContainerCommitter;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageCommit;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;
import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes=}: {@code docker
 * commit}. Answers 201 {@code {"Id": "sha256:…"}}. The image gets the container's writable layer
 * and its config ({@link CommittedConfig}) with the {@code changes} applied; it is tagged
 * {@code repo:tag} when a repo is given, else left dangling. {@code pause} (on unless
 * {@code 0}/{@code false}/{@code no}) freezes a running container while its layer is read.
 */
public final class CommitContainerEndpoint implements DockerEndpoint {
  private final ContainerViews views;
  private final ContainerCommitter committer;

  /** Commits containers of {@code views}' runtime with {@code committer}. */
  CommitContainerEndpoint(ContainerViews views, ContainerCommitter committer) {
    this.views = views;
    this.committer = committer;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = request.queryParam("container").orElse("");
    Container container = ContainerErrors.on(() -> views.containers().get(name));
    Optional<Reference> tag;
    try {
      tag = RepoTag.of(request.queryParam("repo").orElse(""), request.queryParam("tag").orElse(""));
    } catch (InvalidReferenceException e) {
      throw new DockerApiException(400, e.getMessage());
    }
    byte[] body = request.body().readAllBytes();
    Image image = ContainerErrors.on(() -> {
      CommittedConfig config = CommittedConfig.of(views, container);
      ImageCommit commit = new ImageCommit(config.withBody(body), request.query().getOrDefault("changes", List.of()),
          request.queryParam("author").orElse(""), request.queryParam("comment").orElse(""), config.createdBy(),
          container.id());
      return committer.commit(views.containers().filesystem(container.id()), commit, pause(request), tag);
    });
    views.containers().events().publish(container, EventAction.COMMIT, Map.of("imageID", image.id().toString()));
    JsonReply.send(response, 201, JsonReply.object().put("Id", image.id().toString()));
  }

  // dockerd: absent or empty means pause (API 1.13+); otherwise its BoolValue.
  private static boolean pause(DockerRequest request) {
    String value = request.queryParam("pause").orElse("").strip().toLowerCase(Locale.ROOT);
    return value.isEmpty() || !List.of("0", "no", "false", "none").contains(value);
  }
}
