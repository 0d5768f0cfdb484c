package dev.berth.agent.build;

import dev.berth.agent.containerfs.ContainerCommitter;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.Reference;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker build} with the legacy builder's semantics: each instruction of the stages the
 * target needs is one step ({@link BuildRun}); RUN runs in an intermediate container whose
 * writable layer is committed as a layer ({@link RunStep}), COPY, ADD and WORKDIR write a fresh
 * layer without a container ({@link CopyStep}, {@link StepLayer}), the others commit an image with
 * an empty layer; each step's image is the parent of the next (kept, untagged:
 * {@code docker images -a}). A step is taken from the cache when a child of the current image has
 * the same "created by" (which holds the command, the ARGs it sees, and for COPY/ADD the checksum
 * of the sources) and the same config ({@link BuildSteps#cached}).
 */
public final class ImageBuilder {
  private final ImageService images;
  private final BuildContainers containers;
  private final Path tmpDir;

  /**
   * Builds into {@code images} with intermediate containers of {@code runtime}; spools and mounts
   * step layers under {@code tmpDir}. Removes the step layers a crashed agent left behind.
   */
  public ImageBuilder(ImageService images, ContainerRuntime runtime, Path tmpDir) throws IOException {
    this.images = images;
    this.containers = new BuildContainers(runtime, new ContainerCommitter(images));
    this.tmpDir = tmpDir;
    StepLayer.removeLeftovers(images.store().resources().snapshots());
  }

  /** Builds {@code dockerfile} with the files of {@code context}; returns the image (tagged as asked). */
  public Image build(Dockerfile dockerfile, BuildContext context, BuildOptions options, BuildOutput out)
      throws IOException {
    List<Reference> tags = new ArrayList<>();
    for (String tag : options.tags()) {
      tags.add(Reference.parse(tag).withDefaultTag());
    }
    BuildOutput shown = options.quiet() ? text -> { } : out;
    Image image = new BuildRun(dockerfile, context, new BuildSteps(images, containers, options, shown, tmpDir)).all();
    shown.print("Successfully built " + BuildSteps.shortId(image) + "\n");
    for (Reference tag : tags) {
      images.tag(image.id().toString(), tag);
      shown.print("Successfully tagged " + tag.familiar() + "\n");
    }
    if (options.quiet()) {
      out.print(image.id() + "\n");
    }
    return image;
  }
}
