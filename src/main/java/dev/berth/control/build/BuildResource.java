package dev.berth.control.build;

import dev.berth.control.api.ApiProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code /api/v1/hosts/{host}/builds}: build an image on a host, and the host's build history.
 * {@code POST} takes either a form ({@code multipart/form-data}: {@code dockerfile} the
 * Dockerfile's text, {@code context} a tar, {@code files} single files, {@code tags} and
 * {@code buildArgs} one or more fields of tags separated by spaces or commas and of
 * {@code KEY=VALUE} lines, {@code dockerfilePath}) or the context tar itself as the body (any
 * compression; query {@code t}, {@code buildarg=KEY=VALUE}, {@code dockerfile}, all optional).
 * It answers 202 with the build while it runs, or 200 once it has ended within {@code wait}
 * seconds. Errors are problem+json; the build itself failing is a build with state {@code failed}.
 */
@Path("/api/v1/hosts/{host}/builds")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BuildResource {
  private static final int MAX_WAIT_SECONDS = 3600;

  @Inject HostBuilds builds;
  @Inject SecurityIdentity identity;

  /** Starts a build from a form: a Dockerfile typed in and/or a context tar and/or single files. */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response startFromForm(@PathParam("host") String host, @RestForm String dockerfile,
                                @RestForm String dockerfilePath, @RestForm("context") FileUpload context,
                                @RestForm("files") List<FileUpload> files, @RestForm("tags") List<String> tags,
                                @RestForm("buildArgs") List<String> buildArgs,
                                @QueryParam("wait") @DefaultValue("0") int wait) throws Exception {
    BuildRequest request = new BuildRequest(BuildRequest.parseTags(tags), BuildRequest.parseArgs(buildArgs),
        dockerfilePath);
    boolean typed = dockerfile != null && !dockerfile.isBlank();
    List<FileUpload> singles = files == null ? List.of() : files.stream().filter(f -> f.fileName() != null
        && !f.fileName().isEmpty()).toList();
    boolean tar = context != null && context.fileName() != null && !context.fileName().isEmpty();
    if (!typed && !tar && singles.isEmpty()) {
      throw ApiProblem.badRequest("nothing to build: type a Dockerfile or upload a context (a tar or files)");
    }
    java.nio.file.Path spooled = Files.createTempFile("berth-build-context", ".tar");
    try {
      if (tar && !typed && singles.isEmpty()) {
        Files.copy(context.uploadedFile(), spooled, StandardCopyOption.REPLACE_EXISTING);
      } else {
        try (OutputStream out = Files.newOutputStream(spooled); ContextArchive archive = new ContextArchive(out)) {
          if (tar) {
            try (InputStream in = Files.newInputStream(context.uploadedFile())) {
              archive.copyEntries(in);
            }
          }
          for (FileUpload file : singles) {
            archive.addFile(entryName(file.fileName()), Files.readAllBytes(file.uploadedFile()));
          }
          if (typed) {
            archive.addFile(request.dockerfile(), dockerfile.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spooled);
      throw e;
    }
    return started(host, request, spooled, wait);
  }

  /** Starts a build from the context tar sent as the body. */
  @POST
  @Consumes({"application/x-tar", "application/tar", "application/gzip", "application/x-gzip", "application/x-bzip2",
      "application/x-xz", MediaType.APPLICATION_OCTET_STREAM})
  public Response startFromTar(@PathParam("host") String host, @QueryParam("t") List<String> tags,
                               @QueryParam("buildarg") List<String> buildArgs,
                               @QueryParam("dockerfile") String dockerfilePath,
                               @QueryParam("wait") @DefaultValue("0") int wait, InputStream body) throws Exception {
    BuildRequest request = new BuildRequest(BuildRequest.parseTags(tags), BuildRequest.parseArgs(buildArgs),
        dockerfilePath);
    java.nio.file.Path spooled = Files.createTempFile("berth-build-context", ".tar");
    try {
      Files.copy(body, spooled, StandardCopyOption.REPLACE_EXISTING);
      if (Files.size(spooled) == 0) {
        throw ApiProblem.badRequest("the body must be the build context, a tar");
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spooled);
      throw e;
    }
    return started(host, request, spooled, wait);
  }

  /** The host's builds, newest first (the last hundred), without their output. */
  @GET
  public List<BuildView> list(@PathParam("host") String host) {
    return builds.list(host).stream().map(BuildView::of).toList();
  }

  /** One build with its output. */
  @GET
  @Path("{id}")
  public BuildView get(@PathParam("host") String host, @PathParam("id") String id) {
    Build build = builds.find(host, uuid(host, id));
    return BuildView.of(build, builds.output(build));
  }

  private Response started(String host, BuildRequest request, java.nio.file.Path context, int wait)
      throws InterruptedException {
    if (wait < 0) {
      throw ApiProblem.badRequest("wait must be a number of seconds, 0 or more");
    }
    Build build = builds.start(host, request, context, identity.getPrincipal().getName());
    Build now = builds.await(build, Duration.ofSeconds(Math.min(wait, MAX_WAIT_SECONDS)));
    return Response.status(now.state.equals(Build.RUNNING) ? 202 : 200)
        .location(URI.create("/api/v1/hosts/" + host + "/builds/" + now.id))
        .entity(BuildView.of(now, builds.output(now))).build();
  }

  // A file's name in the context: relative, without '..'.
  private static String entryName(String name) {
    String cleaned = name.replace('\\', '/').replaceFirst("^(\\./)+", "");
    if (cleaned.isEmpty() || cleaned.startsWith("/") || List.of(cleaned.split("/")).contains("..")) {
      throw ApiProblem.badRequest("a context file's name must be relative, without '..': " + name);
    }
    return cleaned;
  }

  /** Build id {@code id} of {@code host}; one that is not a UUID names no build (404). */
  public static UUID uuid(String host, String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such build on host " + host + ": " + id);
    }
  }
}
