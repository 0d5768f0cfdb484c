package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import java.util.List;

/** Tells which containers use an image (implemented by the containers part of the engine). */
@FunctionalInterface
public interface ImageUsers {
  /** No container uses any image (until containers exist). */
  ImageUsers NONE = id -> List.of();

  /** The containers made from image {@code imageId}. */
  List<User> of(Digest imageId);

  /** A container using an image, and whether it is running. */
  record User(String containerId, boolean running) {}
}
