package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.events.EngineEvents;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.registry.BlobSources;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import dev.berth.agent.state.AgentLayout;
import dev.berth.util.Lazy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Docker's image operations on this host: import, commit, load, save, tag, remove, prune, list,
 * inspect, history. Each validates its input before it changes anything. The Docker API
 * endpoints and jobs call these; the parts are in {@link ImageStore} and the classes it names.
 * What they change is published as engine events ({@link ImageEvents}).
 */
public final class ImageService {
  private final ImageStore store;
  private final ImageConfigs configs;
  private final ImageRemover remover;
  private final ImagePruner pruner;
  private final ImageLister lister;
  // Made on first use: an idle agent needs none of them (nor the classes they load).
  private final Lazy<ImageImporter> importer;
  private final Lazy<ImageCommitter> committer;
  private final Lazy<ArchiveLoader> loader;
  private final Lazy<ArchiveSaver> saver;
  private final Lazy<ImagePuller> puller;
  private final Lazy<ImagePusher> pusher;
  private final ImageEvents events;
  private final ImageIngester ingester;

  /** The service over {@code store}; {@code tmpDir} (same file system) spools archives; {@code users} are containers. */
  public ImageService(ImageStore store, Path tmpDir, ImageUsers users) {
    this(store, tmpDir, users, EngineEvents.NONE, BlobSources.inMemory());
  }

  /**
   * {@link #ImageService(ImageStore, Path, ImageUsers)} publishing what it changes to {@code events},
   * remembering in {@code sources} which registry repositories hold which blobs.
   */
  public ImageService(ImageStore store, Path tmpDir, ImageUsers users, EngineEvents events, BlobSources sources) {
    this.store = store;
    this.configs = new ImageConfigs(store.content());
    this.events = new ImageEvents(events, this::labelsOf);
    this.remover = new ImageRemover(store, users, this.events);
    this.pruner = new ImagePruner(store, users, remover);
    this.lister = new ImageLister(store, users, configs);
    this.ingester = new ImageIngester(store);
    this.importer = Lazy.of(() -> new ImageImporter(store, ingester));
    this.committer = Lazy.of(() -> new ImageCommitter(store, configs, ingester, tmpDir));
    this.loader = Lazy.of(() -> new ArchiveLoader(store, ingester, tmpDir));
    this.saver = Lazy.of(() -> new ArchiveSaver(store));
    this.puller = Lazy.of(() -> new ImagePuller(store, ingester, sources));
    this.pusher = Lazy.of(() -> new ImagePusher(store, sources));
  }

  /** Opens the image parts where the agent's layout puts them (see {@link AgentLayout}). */
  public static ImageService open(AgentLayout layout, ImageUsers users) throws IOException {
    return open(layout, users, EngineEvents.NONE);
  }

  /** {@link #open(AgentLayout, ImageUsers)} publishing what the service changes to {@code events}. */
  public static ImageService open(AgentLayout layout, ImageUsers users, EngineEvents events) throws IOException {
    ImageResources resources = new ImageResources(new ContentStore(layout.contentDir()),
        new OverlaySnapshotter(layout.snapshotsDir()));
    ImageStore store = ImageStore.open(layout.imagesFile(), resources);
    return new ImageService(store, layout.imageSpoolDir(), users, events, BlobSources.at(layout.blobSourcesFile()));
  }

  /** The store underneath (for containers and builds: configs, layers, chain ids). */
  public ImageStore store() {
    return store;
  }

  /** Parsed configs. */
  public ImageConfigs configs() {
    return configs;
  }

  /** Where image events go: other parts publish theirs (pull, push…) here too. */
  public ImageEvents events() {
    return events;
  }

  /** The labels of image {@code id}; none when it is gone or its config cannot be read (for reports that must not fail). */
  public Map<String, String> labelsOf(Digest id) {
    try {
      Optional<Image> image = store.get(id);
      return image.isEmpty() ? Map.of() : configs.labels(image.get().configDigest());
    } catch (IOException | RuntimeException unreadable) {
      return Map.of();
    }
  }

  /** {@code docker import}: a one-layer image from a root filesystem tar (any compression). */
  public Image importTar(InputStream tar, List<String> changes, String message, Optional<Reference> tag)
      throws IOException {
    Image image = importer.get().importTar(tar, changes, message, tag);
    tag.ifPresent(reference -> events.publish(image.id(), reference.withDefaultTag().familiar(), EventAction.TAG));
    events.publish(image.id(), EventAction.IMPORT);
    return image;
  }

  /** {@code docker commit}: a child of {@code parent} with the layer {@code layer} writes (skipped when empty). */
  public Image commit(Image parent, ImageCommit commit, ImageCommit.LayerSource layer, Optional<Reference> tag)
      throws IOException {
    return committer.get().commit(parent, commit, layer, tag);
  }

  /**
   * The base of {@code FROM scratch}: an image with no layers, no history and an empty config,
   * always the same bytes, so the same id on every build (builds need an image to stack on).
   */
  public Image scratch() throws IOException {
    ImageConfig config = new ImageConfig();
    config.created = "1970-01-01T00:00:00Z";
    config.architecture = ArchiveLoader.hostArchitecture();
    config.os = "linux";
    config.config = new ContainerConfig();
    config.rootfs = new ImageConfig.RootFs();
    ResourceLease lease = store.resources().lease();
    try {
      return ingester.storeImage(config, List.of(), List.of(), null, Instant.EPOCH, Optional.empty(), lease);
    } catch (IOException | RuntimeException e) {
      store.discard(lease);
      throw e;
    }
  }

  /** {@code docker load}: every image of a docker-archive or OCI archive, all or nothing; returns their ids. */
  public List<Digest> load(InputStream archive, LoadProgress progress) throws IOException {
    List<Digest> loaded = loader.get().load(archive, progress);
    loaded.forEach(id -> events.publish(id, EventAction.LOAD));
    return loaded;
  }

  /** {@code docker pull}: the image {@code reference} names, from {@code registry}. */
  public Image pull(Reference reference, dev.berth.agent.registry.RegistryClient registry, TransferProgress progress)
      throws IOException {
    Image image = puller.get().pull(reference, registry, progress);
    events.publish(image.id(), EventAction.PULL);
    return image;
  }

  /** {@code docker push}: the image {@code reference} names, to {@code registry}; returns the manifest digest. */
  public Digest push(Reference reference, dev.berth.agent.registry.RegistryClient registry, TransferProgress progress)
      throws IOException {
    return pusher.get().push(reference, registry, progress);
  }

  /** {@code docker save}: the named images (references or ids) as one docker-archive. */
  public void save(List<String> names, OutputStream out) throws IOException {
    saver.get().save(names, out);
    LinkedHashSet<Digest> saved = new LinkedHashSet<>();
    for (String name : names) {
      saved.add(store.resolve(name).id());
    }
    saved.forEach(id -> events.publish(id, EventAction.SAVE));
  }

  /** {@code docker tag}: points {@code target} (latest when untagged) at the image {@code source} names. */
  public void tag(String source, Reference target) throws IOException {
    if (target.digest().isPresent()) {
      throw new InvalidReferenceException("refusing to create a tag with a digest reference");
    }
    Digest id = store.resolve(source).id();
    store.tag(target.withDefaultTag(), id);
    events.publish(id, target.withDefaultTag().familiar(), EventAction.TAG);
  }

  /** {@code docker rmi} of one reference or id: what was untagged and deleted, in Docker's order. */
  public List<ImageDeleteItem> remove(String referenceOrId, boolean force, boolean noPrune) throws IOException {
    return remover.remove(referenceOrId, force, noPrune).items();
  }

  /** {@code docker rmi a b c}: each in turn; stops at the first failure. */
  public List<ImageDeleteItem> remove(List<String> referencesOrIds, boolean force, boolean noPrune) throws IOException {
    List<ImageDeleteItem> items = new ArrayList<>();
    for (String name : referencesOrIds) {
      items.addAll(remove(name, force, noPrune));
    }
    return items;
  }

  /** {@code docker image prune [-a]}. */
  public PruneReport prune(boolean all) throws IOException {
    return prune(all, Map.of());
  }

  /** {@code docker image prune} with filters {@code until=<RFC 3339 or unix seconds>}, {@code label=k[=v]}, {@code label!=k[=v]}. */
  public PruneReport prune(boolean all, Map<String, List<String>> filters) throws IOException {
    Predicate<Image> accept = image -> true;
    for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
      for (String value : filter.getValue()) {
        accept = accept.and(switch (filter.getKey()) {
          case "until" -> image -> image.created().isBefore(until(value));
          case "label" -> image -> hasLabel(image, value);
          case "label!" -> image -> !hasLabel(image, value);
          default -> throw new IllegalArgumentException("invalid filter '" + filter.getKey() + "'");
        });
      }
    }
    PruneReport report = pruner.prune(all, accept);
    events.pruned(report.spaceReclaimed());
    return report;
  }

  /** {@code docker images}: rows passing {@code filters}, newest first. */
  public List<ImageSummary> list(ImageFilters filters) throws IOException {
    return lister.list(filters);
  }

  /** {@code docker image inspect}. */
  public ImageDetails inspect(String referenceOrId) throws IOException {
    Image image = store.resolve(referenceOrId);
    ImageSummary row = lister.summary(image, store.references(image.id()), Map.of());
    return new ImageDetails(image, configs.of(image), row.repoTags(), row.repoDigests());
  }

  /** {@code docker history}: the steps that made the image, newest first. */
  public List<HistoryEntry> history(String referenceOrId) throws IOException {
    Image image = store.resolve(referenceOrId);
    List<String> tags = store.references(image.id()).stream().filter(r -> r.tag().isPresent())
        .map(Reference::familiar).toList();
    return HistoryEntry.of(image, configs.of(image), tags);
  }

  private boolean hasLabel(Image image, String filter) {
    try {
      Map<String, String> labels = lister.labels(image);
      int equals = filter.indexOf('=');
      return equals < 0 ? labels.containsKey(filter)
          : filter.substring(equals + 1).equals(labels.get(filter.substring(0, equals)));
    } catch (IOException unreadable) {
      return false;
    }
  }

  private static Instant until(String value) {
    if (value.matches("[0-9]+(\\.[0-9]+)?")) {
      return Instant.ofEpochSecond((long) Double.parseDouble(value));
    }
    Instant parsed = HistoryEntry.instant(value);
    if (parsed.equals(Instant.EPOCH)) {
      throw new IllegalArgumentException("invalid filter 'until=" + value + "'");
    }
    return parsed;
  }
}
