package dev.berth.agent.image.archive;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.Reference;
import java.util.List;

/**
 * One image found in an archive, before anything is verified or stored.
 *
 * @param configName the spool name of the config file
 * @param configDigest the digest the config must have, or null when the archive does not say
 * @param layers the layer files, bottom first
 * @param tags the references the archive gives the image
 */
public record ArchivedImage(String configName, Digest configDigest, List<ArchivedLayer> layers, List<Reference> tags) {

  /**
   * One layer file in an archive.
   *
   * @param name its spool name
   * @param blobDigest the digest of the file as stored (compressed or not), or null when unknown
   * @param size the file's size from a descriptor, or -1
   */
  public record ArchivedLayer(String name, Digest blobDigest, long size) {}
}
