/*
 * keepalive-httpd: the smallest HTTP/1.1 server that keeps connections open, for the networking
 * benchmark (bench/network.sh). busybox httpd closes every connection, so wrk's keep-alive never
 * applies to it; this one answers every request on a connection with the same body until the
 * client closes (or sends HTTP/1.0 without keep-alive, or "Connection: close").
 *
 *   keepalive-httpd [port [body-bytes]]     defaults: 80, 1024 ('x' characters)
 *
 * One thread, epoll, non-blocking sockets, IPv4 (0.0.0.0). Built static by bench/network.sh:
 *   gcc -static -O2 -o keepalive-httpd keepalive-httpd.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 256
#define BUFFER 16384

struct connection {
  int fd;
  size_t used;        /* bytes of unanswered request data in buffer */
  char buffer[BUFFER];
};

static char *response;
static size_t response_length;

static int header_says(const char *request, size_t length, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= length; i++) {
    if (strncasecmp(request + i, needle, n) == 0) {
      return 1;
    }
  }
  return 0;
}

static int send_all(int fd, const char *data, size_t length) {
  while (length > 0) {
    ssize_t sent = send(fd, data, length, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN) { /* the client does not read: wait until it does */
        fd_set out;
        FD_ZERO(&out);
        FD_SET(fd, &out);
        select(fd + 1, NULL, &out, NULL, NULL);
        continue;
      }
      return -1;
    }
    data += sent;
    length -= (size_t) sent;
  }
  return 0;
}

/* Answers every complete request in the buffer; returns 0 to keep the connection, -1 to close it. */
static int answer(struct connection *c) {
  size_t start = 0;
  for (;;) {
    char *end = NULL;
    for (size_t i = start; i + 3 < c->used; i++) {
      if (memcmp(c->buffer + i, "\r\n\r\n", 4) == 0) {
        end = c->buffer + i + 4;
        break;
      }
    }
    if (end == NULL) {
      break;
    }
    size_t length = (size_t) (end - (c->buffer + start));
    const char *request = c->buffer + start;
    int close_after = header_says(request, length, "connection: close")
        || (header_says(request, length, " HTTP/1.0\r\n") && !header_says(request, length, "keep-alive"));
    if (send_all(c->fd, response, response_length) < 0 || close_after) {
      return -1;
    }
    start += length;
  }
  memmove(c->buffer, c->buffer + start, c->used - start);
  c->used -= start;
  return c->used == BUFFER ? -1 : 0; /* a request larger than the buffer: give up */
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 80;
  size_t body = argc > 2 ? (size_t) atol(argv[2]) : 1024;
  signal(SIGPIPE, SIG_IGN);

  char header[256];
  int header_length = snprintf(header, sizeof header,
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n\r\n", body);
  response_length = (size_t) header_length + body;
  response = malloc(response_length);
  memcpy(response, header, (size_t) header_length);
  memset(response + header_length, 'x', body);

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
  if (listener < 0 || bind(listener, (struct sockaddr *) &address, sizeof address) < 0 || listen(listener, 1024) < 0) {
    perror("keepalive-httpd: listen");
    return 1;
  }
  int poll = epoll_create1(0);
  struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(poll, EPOLL_CTL_ADD, listener, &event);

  struct epoll_event events[MAX_EVENTS];
  for (;;) {
    int ready = epoll_wait(poll, events, MAX_EVENTS, -1);
    for (int i = 0; i < ready; i++) {
      struct connection *c = events[i].data.ptr;
      if (c == NULL) { /* the listener: take every waiting connection */
        int fd;
        while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct connection *fresh = calloc(1, sizeof *fresh);
          fresh->fd = fd;
          struct epoll_event in = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = fresh};
          epoll_ctl(poll, EPOLL_CTL_ADD, fd, &in);
        }
        continue;
      }
      ssize_t got;
      int keep = 1;
      while ((got = recv(c->fd, c->buffer + c->used, BUFFER - c->used, 0)) > 0) {
        c->used += (size_t) got;
        if (answer(c) < 0) {
          keep = 0;
          break;
        }
      }
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
        keep = 0;
      }
      if (!keep) {
        close(c->fd); /* also leaves the epoll set */
        free(c);
      }
    }
  }
}
