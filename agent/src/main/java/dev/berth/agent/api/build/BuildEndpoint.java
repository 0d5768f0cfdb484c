package dev.berth.agent.api.build;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonMessageStream;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.build.BuildContext;
import dev.berth.agent.build.BuildOptions;
import dev.berth.agent.build.Dockerfile;
import dev.berth.agent.build.DockerfileParser;
import dev.berth.agent.build.ImageBuilder;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /build}: {@code docker build} with the legacy builder ({@code DOCKER_BUILDKIT=0}):
 * the body is the context tar; query {@code t} (repeatable), {@code dockerfile}, {@code buildargs}
 * and {@code labels} (JSON objects), {@code nocache}, {@code rm} (on by default), {@code forcerm},
 * {@code target}, {@code q}; {@code pull} is ignored (no registry yet). Bad query parameters are a
 * 400; after that the answer is a 200 JSON message stream of the steps, ending in an error
 * message when the build fails, as from dockerd.
 */
public final class BuildEndpoint implements DockerEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageBuilder builder;
  private final Path spool;

  /** Builds with {@code builder}, contexts extracted under {@code spool}. */
  public BuildEndpoint(ImageBuilder builder, Path spool) {
    this.builder = builder;
    this.spool = spool;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    List<String> tags = request.query().getOrDefault("t", List.of());
    for (String tag : tags) {
      try {
        Reference.parse(tag);
      } catch (InvalidReferenceException e) {
        throw new DockerApiException(400, "invalid reference format");
      }
    }
    BuildOptions options = new BuildOptions(tags, request.queryParam("dockerfile").orElse(""),
        json(request, "buildargs"), flag(request, "nocache", false), flag(request, "rm", true),
        flag(request, "forcerm", false), json(request, "labels"),
        request.queryParam("target").filter(t -> !t.isEmpty()), flag(request, "q", false));
    StreamedBody body = new StreamedBody(response, 200, "application/json");
    JsonMessageStream messages = new JsonMessageStream(body);
    try (BuildContext context = BuildContext.extract(request.body(), spool, options.dockerfile())) {
      Dockerfile dockerfile = DockerfileParser.parse(context.dockerfile());
      messages.auxId(builder.build(dockerfile, context, options, messages::stream).id().toString());
    } catch (IOException | RuntimeException e) {
      messages.error(e.getMessage() == null ? e.toString() : e.getMessage());
    }
    body.close();
  }

  private static Map<String, String> json(DockerRequest request, String name) {
    String value = request.queryParam(name).orElse("");
    if (value.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, String> map = JSON.readValue(value, new TypeReference<java.util.LinkedHashMap<String, String>>() {});
      return map == null ? Map.of() : map;
    } catch (IOException e) {
      throw new DockerApiException(400, "invalid " + name + " (a JSON object of strings): " + e.getMessage());
    }
  }

  // dockerd's BoolValue: 1, true, yes… ; absent gives the default.
  private static boolean flag(DockerRequest request, String name, boolean absent) {
    Optional<String> value = request.queryParam(name);
    return value.map(v -> !v.matches("(?i)|0|no|false|none")).orElse(absent);
  }
}
