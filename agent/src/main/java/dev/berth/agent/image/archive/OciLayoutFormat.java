package dev.berth.agent.image.archive;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;
import dev.berth.agent.image.json.Descriptor;
import dev.berth.agent.image.json.ImageIndex;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.image.json.ImageManifest;
import dev.berth.agent.image.json.MediaTypes;
import dev.berth.agent.content.DigestMismatchException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI image layout, as an archive ({@code podman save --format oci-archive},
 * {@code skopeo copy … oci-archive:}):
 *
 * <pre>
 *   oci-layout            {"imageLayoutVersion": "1.0.0"}
 *   index.json            an image index: manifests (or nested indexes), names in annotations
 *   blobs/sha256/&lt;hex&gt;    manifests, configs, layers (gzip, zstd or plain)
 * </pre>
 *
 * An image's name comes from {@code io.containerd.image.name}, else from
 * {@code org.opencontainers.image.ref.name} when that is a whole reference (podman writes
 * {@code localhost/bb:1}); a bare tag names no repository and the image loads untagged.
 */
public final class OciLayoutFormat {
  /** The file that marks an OCI layout. */
  public static final String LAYOUT = "oci-layout";
  /** The layout's top index. */
  public static final String INDEX = "index.json";

  private OciLayoutFormat() {}

  /** The images the spool's index.json lists, for {@code os}/{@code architecture} where an index has several. */
  public static List<ArchivedImage> read(ArchiveSpool spool, String os, String architecture) throws IOException {
    ImageIndex index = ImageJson.read(spool.read(INDEX), ImageIndex.class, "index.json in image archive");
    List<ArchivedImage> images = new ArrayList<>();
    for (Descriptor descriptor : index.manifests()) {
      addImages(spool, descriptor, name(descriptor), os, architecture, images);
    }
    return images;
  }

  private static void addImages(ArchiveSpool spool, Descriptor descriptor, List<Reference> tags, String os,
      String architecture, List<ArchivedImage> images) throws IOException {
    byte[] bytes = blob(spool, descriptor);
    if (MediaTypes.isIndex(descriptor.mediaType())) {
      ImageIndex nested = ImageJson.read(bytes, ImageIndex.class, "image index " + descriptor.digest());
      for (Descriptor child : nested.manifests()) {
        if (child.platform() == null || (os.equals(child.platform().os())
            && architecture.equals(child.platform().architecture()))) {
          addImages(spool, child, tags, os, architecture, images);
          return; // one image per index: the first for this platform
        }
      }
      throw new IOException("image index " + descriptor.digest() + " has no image for " + os + "/" + architecture);
    }
    ImageManifest manifest = ImageJson.read(bytes, ImageManifest.class, "manifest " + descriptor.digest());
    if (manifest.config() == null) {
      throw new IOException("manifest " + descriptor.digest() + " has no config");
    }
    List<ArchivedImage.ArchivedLayer> layers = new ArrayList<>();
    for (Descriptor layer : manifest.layers() == null ? List.<Descriptor>of() : manifest.layers()) {
      layers.add(new ArchivedImage.ArchivedLayer(path(layer), layer.parsedDigest(), layer.size()));
    }
    images.add(new ArchivedImage(path(manifest.config()), manifest.config().parsedDigest(), layers, tags));
  }

  private static byte[] blob(ArchiveSpool spool, Descriptor descriptor) throws IOException {
    byte[] bytes = spool.read(path(descriptor));
    if (!Digest.of(bytes).equals(descriptor.parsedDigest())) {
      throw new DigestMismatchException("blob " + descriptor.digest() + " in image archive does not match its digest");
    }
    return bytes;
  }

  private static String path(Descriptor descriptor) {
    Digest digest = descriptor.parsedDigest();
    return "blobs/" + digest.algorithm() + "/" + digest.encoded();
  }

  private static List<Reference> name(Descriptor descriptor) {
    String name = descriptor.annotation(Descriptor.IMAGE_NAME);
    if (name == null) {
      String refName = descriptor.annotation(Descriptor.REF_NAME);
      name = refName != null && (refName.contains("/") || refName.contains(":")) ? refName : null;
    }
    if (name == null) {
      return List.of();
    }
    try {
      return List.of(Reference.parse(name).withDefaultTag());
    } catch (InvalidReferenceException notAName) {
      return List.of();
    }
  }
}
