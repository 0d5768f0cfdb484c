package dev.berth.agent.fleetjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.PruneReport;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.job.JobHandler;

/**
 * The {@code images.prune} job, {@code {"all": false}}: {@code docker image prune} (dangling images;
 * with {@code all}, every image no container uses). Answers Docker's prune report
 * ({@code ImagesDeleted}, {@code SpaceReclaimed}).
 */
public final class PruneImagesJob implements JobHandler {
  /** The job kind this handler serves. */
  public static final String KIND = "images.prune";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageService images;

  /** Prunes {@code images}. */
  public PruneImagesJob(ImageService images) {
    this.images = images;
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    PruneReport report = images.prune(context.params().path("all").asBoolean(false));
    context.progress("removed " + report.deleted().size() + " images, " + report.spaceReclaimed() + " bytes", 100);
    return JSON.valueToTree(report);
  }
}
