package dev.berth.link;

import java.nio.ByteBuffer;

/**
 * Receives what the peer sends on a {@link LinkStream}, on the link's receiving thread: the
 * methods must not block. The receiver owns each buffer and calls
 * {@link LinkStream#acknowledge(int)} once it has consumed the bytes, which grants the peer credit
 * to send more.
 */
public interface StreamReceiver {
  /** Bytes arrived. */
  void onData(ByteBuffer data);

  /** The peer will send nothing more. */
  void onEnd();

  /** The stream was aborted (by either side, or because the link closed). */
  void onReset(String reason);
}
