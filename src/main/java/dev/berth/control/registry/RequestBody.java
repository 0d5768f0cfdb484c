package dev.berth.control.registry;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.WriteStream;

/**
 * Copies a paused request's body into a write stream with back-pressure, and ends the stream.
 * Instead of Vert.x's {@code pipeTo}: its pipe resumes the request whenever the stream drains,
 * also after an HTTP/2 request has ended, which throws ("Request has already been read") out of
 * the stream's callback, and the exchange is never answered. Here a request is resumed only while
 * it has more to send.
 */
final class RequestBody {
  private RequestBody() {}

  /**
   * Writes what {@code request} sends to {@code stream}, then ends it; fails with the first error
   * of either, the stream ended then too (as {@code pipeTo} does: its file is closed).
   */
  static Future<Void> copy(HttpServerRequest request, WriteStream<Buffer> stream) {
    Promise<Void> done = Promise.promise();
    boolean[] ended = {false};
    java.util.function.Consumer<Throwable> fail = failure -> {
      if (!done.future().isComplete() && !ended[0]) {
        ended[0] = true;
        stream.end(); // closes what it writes to; the failure reported is the first one
      }
      done.tryFail(failure);
    };
    stream.exceptionHandler(fail::accept);
    stream.drainHandler(drained -> {
      if (!ended[0]) {
        request.resume();
      }
    });
    request.exceptionHandler(fail::accept);
    request.handler(chunk -> {
      stream.write(chunk).onFailure(fail::accept);
      if (stream.writeQueueFull()) {
        request.pause();
      }
    });
    request.endHandler(end -> {
      ended[0] = true;
      stream.end().onComplete(result -> {
        if (result.succeeded()) {
          done.tryComplete();
        } else {
          done.tryFail(result.cause());
        }
      });
    });
    request.resume();
    return done.future();
  }
}
