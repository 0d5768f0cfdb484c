package dev.berth.agent.snapshot;

import dev.berth.agent.host.HostCommand;
import dev.berth.storage.FileTrees;
import dev.berth.agent.content.Digest;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The committed layers ({@code layers/<hex>/{fs,link}}) and their short names ({@code l/<link>});
 * see {@link OverlaySnapshotter} for the layout. Each chain id has its own lock, so one layer is
 * unpacked once however many pulls need it, while different layers unpack in parallel.
 */
final class LayerStore {
  private static final String FS = "fs";
  private static final String LINK_FILE = "link";
  private static final String LINK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int LINK_LENGTH = 12;
  private static final Pattern LINK_NAME = Pattern.compile("[A-Z2-7]{" + LINK_LENGTH + "}");
  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private final Path layers;
  private final Path links;
  private final Path tmp;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<Digest, Object> locks = new ConcurrentHashMap<>();

  /** Opens the store under {@code root}, using {@code tmp} (already emptied) for unfinished work. */
  LayerStore(Path root, Path tmp) throws IOException {
    this.layers = Files.createDirectories(root.resolve("layers"));
    this.links = Files.createDirectories(root.resolve("l"));
    this.tmp = tmp;
    repair();
  }

  boolean has(Digest chainId) {
    return Files.isDirectory(fs(chainId), LinkOption.NOFOLLOW_LINKS);
  }

  Path fs(Digest chainId) {
    return layers.resolve(chainId.encoded()).resolve(FS);
  }

  /** The layer's directory relative to the snapshotter root, through its short link: {@code l/<link>}. */
  String shortPath(Digest chainId) throws IOException {
    Optional<String> link = readLink(layers.resolve(chainId.encoded()));
    if (link.isEmpty() || !has(chainId)) {
      throw new NoSuchFileException("layer " + chainId + " is not unpacked");
    }
    return "l/" + link.get();
  }

  void ensure(Digest chainId, LayerUnpacker unpacker) throws IOException {
    synchronized (locks.computeIfAbsent(chainId, id -> new Object())) {
      if (has(chainId)) {
        return;
      }
      Path temp = Files.createTempDirectory(tmp, "layer-");
      String reservedLink = null;
      try {
        unpacker.unpackInto(Files.createDirectory(temp.resolve(FS)));
        reservedLink = reserveLink(chainId);
        AtomicFiles.write(temp.resolve(LINK_FILE), reservedLink.getBytes(StandardCharsets.US_ASCII), READABLE);
        // One syncfs flushes every unpacked file: far cheaper than an fsync per file.
        HostCommand.run(tmp, List.of("sync", "-f", temp.toString()));
        Files.move(temp, layers.resolve(chainId.encoded()), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(layers);
        reservedLink = null;
      } finally {
        if (reservedLink != null) {
          Files.deleteIfExists(links.resolve(reservedLink));
        }
        FileTrees.delete(temp);
      }
    }
  }

  /** Makes the layer disappear at once (link removed, directory moved into tmp); returns what to delete. */
  Optional<Path> detach(Digest chainId) throws IOException {
    synchronized (locks.computeIfAbsent(chainId, id -> new Object())) {
      Path dir = layers.resolve(chainId.encoded());
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      Optional<String> link = readLink(dir);
      if (link.isPresent()) {
        Files.deleteIfExists(links.resolve(link.get()));
      }
      return Optional.of(moveToTmp(dir));
    }
  }

  Set<Digest> list() throws IOException {
    Set<Digest> all = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(layers)) {
      for (Path entry : entries) {
        parseChainId(entry).filter(this::has).ifPresent(all::add);
      }
    }
    return all;
  }

  /** Drops layers without a link record, recreates missing short links, deletes dangling ones. */
  private void repair() throws IOException {
    Set<String> valid = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(layers)) {
      for (Path entry : entries) {
        Optional<Digest> chainId = parseChainId(entry);
        if (chainId.isEmpty()) {
          continue; // not ours: leave it alone
        }
        Optional<String> link = readLink(entry);
        if (link.isEmpty() || !has(chainId.get()) || !valid.add(link.get())) {
          FileTrees.delete(moveToTmp(entry)); // half-made (or a duplicate link): dangling links go below
          continue;
        }
        Path symlink = links.resolve(link.get());
        Path target = linkTarget(chainId.get());
        if (!Files.isSymbolicLink(symlink) || !Files.readSymbolicLink(symlink).equals(target)) {
          FileTrees.delete(symlink);
          Files.createSymbolicLink(symlink, target);
        }
      }
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(links)) {
      for (Path entry : entries) {
        if (!valid.contains(entry.getFileName().toString())) {
          FileTrees.delete(entry);
        }
      }
    }
  }

  private String reserveLink(Digest chainId) throws IOException {
    while (true) {
      StringBuilder name = new StringBuilder(LINK_LENGTH);
      for (int i = 0; i < LINK_LENGTH; i++) {
        name.append(LINK_ALPHABET.charAt(random.nextInt(LINK_ALPHABET.length())));
      }
      try {
        // Dangling until the layer is committed; creating it is what claims the name.
        Files.createSymbolicLink(links.resolve(name.toString()), linkTarget(chainId));
        return name.toString();
      } catch (FileAlreadyExistsException taken) {
        // 60 random bits collided: draw again
      }
    }
  }

  private static Path linkTarget(Digest chainId) {
    return Path.of("..", "layers", chainId.encoded(), FS);
  }

  private static Optional<String> readLink(Path layerDir) throws IOException {
    return AtomicFiles.readIfExists(layerDir.resolve(LINK_FILE))
        .map(bytes -> new String(bytes, StandardCharsets.US_ASCII).trim())
        .filter(name -> LINK_NAME.matcher(name).matches());
  }

  private static Optional<Digest> parseChainId(Path entry) {
    try {
      return Optional.of(new Digest("sha256", entry.getFileName().toString()));
    } catch (IllegalArgumentException notALayer) {
      return Optional.empty();
    }
  }

  private Path moveToTmp(Path layerDir) throws IOException {
    Path doomed = Files.createTempDirectory(tmp, "removed-layer-");
    Files.move(layerDir, doomed.resolve("layer"), StandardCopyOption.ATOMIC_MOVE);
    return doomed;
  }

  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
