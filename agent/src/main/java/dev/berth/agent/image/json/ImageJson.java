package dev.berth.agent.image.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The one JSON mapper for image formats: lenient on reading (unknown fields skipped), compact on writing. */
public final class ImageJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private ImageJson() {}

  /** The shared mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses {@code bytes} as {@code type}; malformed JSON is an IOException naming {@code what}. */
  public static <T> T read(byte[] bytes, Class<T> type, String what) throws IOException {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("invalid " + what + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Serialises {@code value} compactly. */
  public static byte[] write(Object value) throws IOException {
    return MAPPER.writeValueAsBytes(value);
  }
}
