package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.image.archive.DockerArchiveFormat;
import dev.berth.agent.image.archive.OciLayoutFormat;
import dev.berth.agent.image.archive.TarWriter;
import dev.berth.agent.image.json.Descriptor;
import dev.berth.agent.image.json.ImageIndex;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.image.json.ImageManifest;
import dev.berth.agent.image.json.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes images as Docker 25+ does: a docker-archive (manifest.json) that is also an OCI image
 * layout (index.json, oci-layout), every file under {@code blobs/sha256/}. Layers are the
 * uncompressed tars, so each blob's digest is the layer's DiffID. See {@link DockerArchiveFormat}.
 */
final class ArchiveSaver {
  private final ImageStore store;

  ArchiveSaver(ImageStore store) {
    this.store = store;
  }

  /** Writes the images named by {@code names} (references or ids) to {@code out}; resolves all first. */
  void save(List<String> names, OutputStream out) throws IOException {
    Map<Image, List<Reference>> selected = select(names);
    ContentStore content = store.content();
    TarWriter tar = new TarWriter(out);
    tar.directory("blobs");
    tar.directory("blobs/sha256");
    Set<Digest> written = new HashSet<>();
    List<DockerArchiveFormat.Entry> entries = new ArrayList<>();
    List<Descriptor> index = new ArrayList<>();
    for (Map.Entry<Image, List<Reference>> selection : selected.entrySet()) {
      Image image = selection.getKey();
      List<String> layerNames = new ArrayList<>();
      List<Descriptor> layerDescriptors = new ArrayList<>();
      for (Digest diffId : image.diffIds()) {
        long size = content.size(diffId);
        writeBlob(tar, content, diffId, size, written);
        layerNames.add(blobName(diffId));
        layerDescriptors.add(Descriptor.of(MediaTypes.OCI_LAYER, diffId, size));
      }
      long configSize = content.size(image.configDigest());
      writeBlob(tar, content, image.configDigest(), configSize, written);
      byte[] manifest = ImageJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST,
          Descriptor.of(MediaTypes.OCI_CONFIG, image.configDigest(), configSize), layerDescriptors));
      Digest manifestDigest = Digest.of(manifest);
      if (written.add(manifestDigest)) {
        tar.file(blobName(manifestDigest), manifest);
      }
      Descriptor described = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length);
      List<Reference> tags = selection.getValue();
      if (tags.isEmpty()) {
        index.add(described);
      }
      for (Reference tag : tags) {
        index.add(described.withAnnotations(Map.of(Descriptor.IMAGE_NAME, tag.toString(),
            Descriptor.REF_NAME, tag.tag().orElse(Reference.DEFAULT_TAG))));
      }
      entries.add(new DockerArchiveFormat.Entry(blobName(image.configDigest()),
          tags.stream().map(Reference::familiar).toList(), layerNames));
    }
    tar.file(OciLayoutFormat.INDEX, ImageJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, index)));
    tar.file(DockerArchiveFormat.MANIFEST, ImageJson.write(entries));
    tar.file(OciLayoutFormat.LAYOUT, ("{\"imageLayoutVersion\":\"" + MediaTypes.OCI_LAYOUT_VERSION + "\"}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    tar.finish();
  }

  /**
   * Docker's selection: an id saves the image untagged; {@code name:tag} saves it with that
   * tag; a bare name saves every tag of that repository.
   */
  private Map<Image, List<Reference>> select(List<String> names) throws IOException {
    Map<Image, List<Reference>> selected = new LinkedHashMap<>();
    for (String name : names) {
      Image image = store.resolve(name);
      List<Reference> tags = new ArrayList<>();
      Reference given = null;
      try {
        given = Reference.parse(name);
      } catch (InvalidReferenceException anId) {
        // saved untagged
      }
      boolean byId = given == null || store.references(image.id()).stream()
          .noneMatch(r -> r.name().equals(Reference.parse(name).name()));
      if (!byId && given.tag().isEmpty() && given.digest().isEmpty()) {
        for (Map.Entry<Reference, Digest> reference : store.references().entrySet()) {
          if (reference.getKey().name().equals(given.name()) && reference.getKey().tag().isPresent()
              && reference.getKey().digest().isEmpty()) {
            Image tagged = store.get(reference.getValue()).orElseThrow();
            addTag(selected, tagged, reference.getKey());
          }
        }
        continue;
      }
      if (!byId && given.tag().isPresent()) {
        tags.add(given.withDefaultTag());
      }
      selected.computeIfAbsent(image, i -> new ArrayList<>());
      tags.forEach(tag -> addTag(selected, image, tag));
    }
    return selected;
  }

  private static void addTag(Map<Image, List<Reference>> selected, Image image, Reference tag) {
    List<Reference> tags = selected.computeIfAbsent(image, i -> new ArrayList<>());
    if (!tags.contains(tag)) {
      tags.add(tag);
    }
  }

  private static void writeBlob(TarWriter tar, ContentStore content, Digest digest, long size, Set<Digest> written)
      throws IOException {
    if (written.add(digest)) {
      try (InputStream in = content.open(digest)) {
        tar.file(blobName(digest), size, in);
      }
    }
  }

  private static String blobName(Digest digest) {
    return "blobs/sha256/" + digest.encoded();
  }
}
