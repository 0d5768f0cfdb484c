package dev.berth.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One binary WebSocket message on the agent link. The WebSocket message delimits the frame, so
 * there is no length field:
 *
 * <pre>
 *   byte 0      frame type ({@link FrameType})
 *   bytes 1..4  stream id, big-endian, 1..2^31-1 (odd: opened by the control plane, even: by the agent)
 *   bytes 5..   payload
 *                 OPEN, REPLY  UTF-8 JSON head
 *                 DATA         1..MAX_DATA raw bytes
 *                 END          empty
 *                 RESET        UTF-8 reason
 *                 WINDOW       4-byte big-endian credit increment, greater than 0
 * </pre>
 */
public record Frame(FrameType type, int streamId, ByteBuffer payload) {
  /** Largest DATA payload: small enough that a heartbeat never waits behind much. */
  public static final int MAX_DATA = 64 * 1024;
  /** Largest OPEN/REPLY/RESET payload. */
  public static final int MAX_HEAD = 256 * 1024;
  static final int HEADER_BYTES = 5;

  /** A frame whose payload is UTF-8 text (heads and reset reasons). */
  public static Frame text(FrameType type, int streamId, String text) {
    return new Frame(type, streamId, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A WINDOW frame granting {@code credit} more bytes. */
  public static Frame window(int streamId, int credit) {
    return new Frame(FrameType.WINDOW, streamId, ByteBuffer.allocate(4).putInt(0, credit));
  }

  /** The payload as UTF-8 text. */
  public String payloadText() {
    return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
  }

  /** The frame as one buffer ready to send. */
  public ByteBuffer encode() {
    ByteBuffer body = payload.duplicate();
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + body.remaining());
    out.put(type.code()).putInt(streamId).put(body).flip();
    return out;
  }

  /** Parses and validates one received binary message; the payload shares the message's bytes. */
  public static Frame decode(ByteBuffer message) throws LinkProtocolException {
    if (message.remaining() < HEADER_BYTES) {
      throw new LinkProtocolException("frame shorter than its header (" + message.remaining() + " bytes)");
    }
    ByteBuffer in = message.duplicate();
    FrameType type = FrameType.of(in.get());
    int streamId = in.getInt();
    if (streamId <= 0) {
      throw new LinkProtocolException("invalid stream id " + Integer.toUnsignedString(streamId));
    }
    ByteBuffer payload = in.slice();
    checkPayload(type, payload.remaining());
    if (type == FrameType.WINDOW && payload.getInt(0) <= 0) {
      throw new LinkProtocolException("window increment must be positive on stream " + streamId);
    }
    return new Frame(type, streamId, payload);
  }

  private static void checkPayload(FrameType type, int size) throws LinkProtocolException {
    boolean valid = switch (type) {
      case DATA -> size >= 1 && size <= MAX_DATA;
      case END -> size == 0;
      case WINDOW -> size == 4;
      case OPEN, REPLY, RESET -> size <= MAX_HEAD;
    };
    if (!valid) {
      throw new LinkProtocolException(type + " frame with invalid payload size " + size);
    }
  }
}
