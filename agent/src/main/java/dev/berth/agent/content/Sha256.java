package dev.berth.agent.content;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;

/**
 * A SHA-256 computation over a stream of bytes, done by the host's OpenSSL libcrypto when it is
 * there (SHA-NI and AVX2 code, about 2 GB/s), else by the JDK. Chosen when the agent ran its JIT
 * at C1 only, which has no intrinsic for the JDK's SHA-256: hashing there ran at a few hundred MB/s
 * and was most of a volume restore's CPU time (bin/berth-agent now runs C2, which has one; OpenSSL
 * stays the first choice). The native state is
 * freed by {@link #digest()}, or once the computation is unreachable when it was abandoned (never
 * while another thread may still be feeding it, as closing would). Not for sharing between threads
 * at once.
 */
public final class Sha256 {
  private static final int CHUNK = 1 << 16;
  private static final int LENGTH = 32;
  private static final Cleaner CLEANER = Cleaner.create();

  private final MessageDigest jdk;
  private final NativeState state;
  private final Cleaner.Cleanable cleanable;

  private Sha256(boolean nativeCode) {
    if (nativeCode) {
      state = new NativeState();
      cleanable = CLEANER.register(this, state);
      jdk = null;
    } else {
      state = null;
      cleanable = null;
      jdk = Digest.newSha256();
    }
  }

  /** A new computation, by libcrypto when the host has it. */
  public static Sha256 start() {
    return new Sha256(LibCrypto.AVAILABLE);
  }

  /** A new computation by the JDK alone (for comparing the two). */
  static Sha256 startInJdk() {
    return new Sha256(false);
  }

  /** Whether this computation runs in libcrypto. */
  boolean isNative() {
    return jdk == null;
  }

  /** Adds {@code length} bytes of {@code bytes} from {@code offset}. */
  public void update(byte[] bytes, int offset, int length) {
    if (jdk != null) {
      jdk.update(bytes, offset, length);
      return;
    }
    state.checkOpen();
    for (int done = 0; done < length; done += CHUNK) {
      int n = Math.min(CHUNK, length - done);
      state.chunk.write(0, bytes, offset + done, n);
      if (LibCrypto.EVP_DigestUpdate(state.context, state.chunk, n) != 1) {
        throw new IllegalStateException("libcrypto failed to hash");
      }
    }
  }

  /** The hash of every byte added; the computation is then over. */
  public byte[] digest() {
    if (jdk != null) {
      return jdk.digest();
    }
    state.checkOpen();
    try (Memory out = new Memory(LENGTH)) {
      if (LibCrypto.EVP_DigestFinal_ex(state.context, out, null) != 1) {
        throw new IllegalStateException("libcrypto failed to finish a hash");
      }
      return out.getByteArray(0, LENGTH);
    } finally {
      cleanable.clean();
    }
  }

  /** libcrypto's context and the native buffer the bytes pass through; freed once. */
  private static final class NativeState implements Runnable {
    private final Pointer context;
    private final Memory chunk = new Memory(CHUNK);
    private volatile boolean freed;

    NativeState() {
      context = LibCrypto.EVP_MD_CTX_new();
      if (context == null || LibCrypto.EVP_DigestInit_ex(context, LibCrypto.SHA256, null) != 1) {
        throw new IllegalStateException("libcrypto could not start a SHA-256 computation");
      }
    }

    void checkOpen() {
      if (freed) {
        throw new IllegalStateException("the SHA-256 computation is over");
      }
    }

    @Override
    public void run() {
      freed = true;
      LibCrypto.EVP_MD_CTX_free(context);
      chunk.close();
    }
  }

  /** OpenSSL's EVP digest calls (1.1 and 3), bound with JNA direct mapping when the library loads. */
  private static final class LibCrypto {
    static final boolean AVAILABLE;
    static final Pointer SHA256;

    static {
      Pointer sha256 = null;
      for (String name : new String[] {"crypto", "libcrypto.so.3", "libcrypto.so.1.1"}) {
        try {
          Native.register(LibCrypto.class, NativeLibrary.getInstance(name));
          sha256 = EVP_sha256();
          break;
        } catch (LinkageError missing) {
          // try the next name; none at all: the JDK hashes
        }
      }
      SHA256 = sha256;
      AVAILABLE = sha256 != null;
    }

    private LibCrypto() {}

    static native Pointer EVP_sha256();

    static native Pointer EVP_MD_CTX_new();

    static native void EVP_MD_CTX_free(Pointer context);

    static native int EVP_DigestInit_ex(Pointer context, Pointer type, Pointer engine);

    static native int EVP_DigestUpdate(Pointer context, Pointer data, long length);

    static native int EVP_DigestFinal_ex(Pointer context, Pointer out, Pointer length);
  }
}
