package dev.berth.link;

/** The kinds of binary frames that carry streams over the agent link. */
public enum FrameType {
  /** Opens a stream; payload is a JSON {@link dev.berth.link.message.RequestHead}. */
  OPEN(1),
  /** Answers an OPEN; payload is a JSON {@link dev.berth.link.message.ReplyHead}. */
  REPLY(2),
  /** Stream bytes, at most {@link Frame#MAX_DATA}, counted against the receiver's window. */
  DATA(3),
  /** The sender will send no more DATA on this stream (half close). */
  END(4),
  /** Aborts the stream in both directions; payload is a UTF-8 reason. */
  RESET(5),
  /** Grants the peer more send credit; payload is a 4-byte big-endian increment. */
  WINDOW(6);

  private final byte code;

  FrameType(int code) {
    this.code = (byte) code;
  }

  /** The byte that identifies this type on the wire. */
  public byte code() {
    return code;
  }

  /** The type for a wire byte. */
  public static FrameType of(byte code) throws LinkProtocolException {
    for (FrameType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new LinkProtocolException("unknown frame type " + (code & 0xff));
  }
}
