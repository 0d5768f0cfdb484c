package dev.berth.link.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.link.LinkProtocolException;

/** JSON encoding of control messages and stream heads, the same on both ends of the link. */
public final class LinkJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private LinkJson() {}

  /** Encodes a message or head. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Decodes a message or head received from the peer; malformed JSON is a protocol violation. */
  public static <T> T read(String json, Class<T> type) throws LinkProtocolException {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new LinkProtocolException("empty " + type.getSimpleName());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new LinkProtocolException("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }
}
