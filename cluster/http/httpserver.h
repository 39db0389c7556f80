#pragma once
// A small asynchronous HTTP/1.1 server (Boost.Beast behind this header) with keep-alive,
// whole-body handlers, chunked streaming responses, and streaming request bodies (etcd's
// watch stream sends further requests on the same request body). Optionally HTTPS only,
// with client certificates verified against a CA when clients present them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "http/httpclient.h"

namespace kubelab::http {

// The identity in a client certificate that the server verified against its client CA:
// Kubernetes reads the common name as the user and each organization as a group.
struct ClientCertificate {
  std::string commonName;
  std::vector<std::string> organizations;

  bool operator==(const ClientCertificate&) const = default;
};

struct Request {
  std::string method;
  std::string target;  // path and query, as sent
  Headers headers;
  std::string body;    // empty when the body is streamed (see ServerOptions::streamsRequestBody)
  // Set only on TLS connections whose client presented a certificate that verified; a
  // certificate from another CA leaves it empty rather than failing the handshake, so the
  // request can still be authenticated otherwise or refused with 401, as kube-apiserver does.
  std::optional<ClientCertificate> clientCertificate;

  std::string header(std::string_view name) const;
  std::string_view path() const;   // target without the query
  std::string_view query() const;  // after '?', or ""
};

// A WebSocket (RFC 6455) the server accepted on a request's connection. Messages are binary.
// Thread-safe; the connection stays open while either side holds on to it.
class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // Queues one binary message.
  virtual void send(std::string message) = 0;
  // Sends a normal closure once the queued messages are written, then ends the connection.
  virtual void close() = 0;
};

struct WebSocketHandlers {
  std::function<void(std::string message)> onMessage;  // on the connection's thread, one at a time
  std::function<void()> onClosed;                      // once, when the WebSocket ends either way
};

// One request being answered. Every method is thread-safe and may be called from any thread;
// writes are queued onto the connection's own executor.
class Exchange {
 public:
  virtual ~Exchange() = default;

  // Answers with a complete response.
  virtual void respond(unsigned status, std::string contentType, std::string body, Headers extraHeaders = {}) = 0;

  // Starts a chunked response; then writeChunk() any number of times and finish().
  virtual void startStream(unsigned status, std::string contentType, Headers extraHeaders = {}) = 0;
  virtual void writeChunk(std::string data) = 0;
  virtual void finish() = 0;
  // How many bytes are queued but not yet written to the socket: lets a producer notice a
  // slow reader instead of buffering without bound.
  virtual std::size_t pendingBytes() const = 0;

  // Called once when the connection goes away before finish() (client disconnect).
  virtual void onDisconnect(std::function<void()> callback) = 0;
  // For streamed request bodies: data as it arrives, then onBodyEnd at the body's end.
  virtual void onBodyData(std::function<void(std::string_view)> callback, std::function<void()> onBodyEnd) = 0;

  // Upgrades: the request (its whole body read) is answered by switching protocols instead
  // of a response, and the connection is no longer HTTP afterwards.
  // A WebSocket handshake answered with `subprotocol` (Sec-WebSocket-Protocol; "" for none);
  // a request that is not a valid WebSocket handshake ends the connection and onClosed runs.
  virtual std::shared_ptr<WebSocket> acceptWebSocket(std::string subprotocol, WebSocketHandlers handlers) = 0;
  // The raw bytes of the connection from here on, both ways (a proxy relaying an upgrade, as
  // kube-apiserver's UpgradeAwareHandler does): onData gets what the client sends, including
  // anything already read past the request; writeRaw sends bytes as they are; onClosed runs
  // once when the client goes away or closeConnection() was called.
  virtual void takeOver(std::function<void(std::string_view)> onData, std::function<void()> onClosed) = 0;
  virtual void writeRaw(std::string bytes) = 0;
  // Ends a taken-over connection once what writeRaw queued is written.
  virtual void closeConnection() = 0;
};

using Handler = std::function<void(const Request&, std::shared_ptr<Exchange>)>;


// HTTPS: every connection must speak TLS 1.2 or later. A plain HTTP request is answered
// 400, as Go's servers answer it, and the connection closed.
struct ServerTlsOptions {
  std::string certificateFile;  // PEM; intermediate certificates may follow the server's own
  std::string privateKeyFile;   // PEM, unencrypted
  // When set, clients are asked for a certificate (optional) and one they present is verified
  // against these CAs, with the clientAuth purpose.
  std::string clientCaFile;
  // When true, a client without a certificate that verifies against clientCaFile cannot
  // complete the handshake (the kubelet's port: nobody else may run commands in pods).
  bool requireClientCertificate = false;
  // A client that connects and does not finish its handshake in this time is dropped.
  std::chrono::milliseconds handshakeTimeout{10000};
};

struct ServerOptions {
  std::size_t maxBodyBytes = 3 * 1024 * 1024;
  int threads = 2;
  // Which requests get their body streamed to the handler instead of read whole first.
  std::function<bool(const Request& headersOnly)> streamsRequestBody;
  // Called when a body is over maxBodyBytes; answers it and the connection is closed.
  std::function<void(const Request& headersOnly, Exchange&)> respondTooLarge;
  std::optional<ServerTlsOptions> tls;  // empty: plain HTTP
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens (may be called for several addresses); returns the bound port, which
  // tells the chosen port when asked for port 0. Fails with Invalid when the TLS options
  // cannot be loaded (missing files, a key that does not match the certificate).
  Result<std::uint16_t> listen(const std::string& host, std::uint16_t port);
  // Starts the worker threads and returns.
  void start();
  // Stops accepting, closes connections and joins the threads.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubelab::http
