package dev.berth.agent.fleetjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.Reference;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.job.JobHandler;
import dev.berth.agent.registry.RegistryAccess;
import java.util.Optional;

/**
 * The {@code image.pull} job, {@code {"image": "registry:5000/app:1"}}: pulls with the same puller
 * as {@code docker pull} (layers in parallel, present layers skipped; the control plane's own
 * registry with this agent's credential), its progress summed per job ({@link PullProgress}).
 * Answers {@code {"image": ..., "id": "sha256:..."}}. Pulling twice is harmless, so a re-run is too.
 */
public final class PullImageJob implements JobHandler {
  /** The job kind this handler serves. */
  public static final String KIND = "image.pull";

  private final ImageService images;
  private final RegistryAccess registries;

  /** Pulls into {@code images} through {@code registries}. */
  public PullImageJob(ImageService images, RegistryAccess registries) {
    this.images = images;
    this.registries = registries;
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    Reference reference = Reference.parse(JobParams.text(context, "image")).withDefaultTag();
    PullProgress progress = new PullProgress(context);
    Image image = images.pull(reference, registries.client(reference.domain(), Optional.empty()), progress);
    progress.finish();
    return JsonNodeFactory.instance.objectNode().put("image", reference.familiar()).put("id", image.id().toString());
  }
}
