package dev.berth.agent.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.containerfs.ContainerCopy;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageCommit;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What every step of one build shares: the image store, the intermediate containers, the
 * options and the output; and the three ways a step ends: taken from the cache, committed as an
 * image with an empty layer (metadata), or committed with the layer it wrote (RUN in a container,
 * COPY/ADD/WORKDIR into a {@link StepLayer}). A step is taken from the cache when a child of the
 * current image has the same "created by" and the same config.
 */
final class BuildSteps {
  final ImageService images;
  final BuildContainers containers;
  final BuildOptions options;
  final BuildOutput out;
  final Path spool;

  BuildSteps(ImageService images, BuildContainers containers, BuildOptions options, BuildOutput out, Path spool) {
    this.images = images;
    this.containers = containers;
    this.options = options;
    this.out = out;
    this.spool = spool;
  }

  /** Work done on a step's fresh layer before it is committed. */
  @FunctionalInterface
  interface LayerWork {
    /** Writes into the layer through {@code files}. */
    void on(ContainerCopy files) throws IOException;
  }

  /** Whether a cached image fits; if so the stage moves onto it and the cache use is printed. */
  boolean cached(BuildStage stage, String createdBy) throws IOException {
    if (options.noCache()) {
      return false;
    }
    JsonNode expected = ImageJson.mapper().valueToTree(stage.config);
    for (Image child : images.store().children(stage.image.id())) {
      ImageConfig config = images.configs().of(child);
      List<ImageConfig.History> history = config.historyOrEmpty();
      if (!history.isEmpty() && createdBy.equals(history.get(history.size() - 1).createdBy())
          && expected.equals(ImageJson.mapper().valueToTree(config.containerConfig()))) {
        stage.image = child;
        out.print(" ---> Using cache\n ---> " + shortId(child) + "\n");
        return true;
      }
    }
    return false;
  }

  /** A step that only changes the config: an image with an empty layer. */
  void metadata(BuildStage stage, String shown) throws IOException {
    String createdBy = "/bin/sh -c #(nop)  " + shown;
    if (cached(stage, createdBy)) {
      return;
    }
    stage.image = images.commit(stage.image, commit(stage, createdBy, ""), tar -> tar.write(new byte[1024]),
        Optional.empty());
    out.print(" ---> " + shortId(stage.image) + "\n");
  }

  /** A step that writes files without a container (so also on {@code FROM scratch}); cached by {@code createdBy}. */
  void layer(BuildStage stage, String createdBy, LayerWork work) throws IOException {
    if (cached(stage, createdBy)) {
      return;
    }
    checkDepth(stage);
    try (StepLayer layer = StepLayer.over(images, stage.image, spool)) {
      try (ContainerCopy files = layer.files()) {
        work.on(files);
      }
      stage.image = layer.commit(images, stage.image, commit(stage, createdBy, ""));
    }
    out.print(" ---> " + shortId(stage.image) + "\n");
  }

  /** Refuses a step that would add a layer over the most an image may have, with dockerd's message. */
  void checkDepth(BuildStage stage) {
    if (stage.image.diffIds().size() >= OverlaySnapshotter.MAX_LAYERS) {
      throw new BuildFailedException("failed to register layer: max depth exceeded");
    }
  }

  /** The record of a step's commit. */
  ImageCommit commit(BuildStage stage, String createdBy, String containerId) {
    return new ImageCommit(stage.config, List.of(), stage.author == null ? "" : stage.author, "", createdBy, containerId);
  }

  /** Removes an intermediate container as --rm and --force-rm ask. */
  void removeIntermediate(Container container, boolean succeeded) throws IOException {
    if (succeeded ? options.removeIntermediate() || options.forceRemove() : options.forceRemove()) {
      if (succeeded) {
        out.print("Removing intermediate container " + container.id().substring(0, 12) + "\n");
      }
      containers.remove(container);
    }
  }

  static String shortId(Image image) {
    return image.id().encoded().substring(0, 12);
  }
}
