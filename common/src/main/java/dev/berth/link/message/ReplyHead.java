package dev.berth.link.message;

import java.util.List;
import java.util.Map;

/** The answer to a stream's {@link RequestHead}, sent in its REPLY frame (an HTTP status and headers). */
public record ReplyHead(int status, Map<String, List<String>> headers) {}
