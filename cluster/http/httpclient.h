#pragma once
// A small synchronous HTTP/1.1 client (Boost.Beast behind this header), plain or over TLS.
// Used by the supervisor's readiness checks, the tests and benchmarks, and the API server's
// etcd client. Each Client owns one keep-alive connection and is not thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kubelab::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
  unsigned status = 0;
  Headers headers;
  std::string body;

  // The first header with this name (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
};

struct RequestOptions {
  std::chrono::milliseconds timeout{30000};
  std::string contentType = "application/json";
  Headers headers;
};

// HTTPS settings, named after the kubeconfig fields they come from. Each PEM source is a
// file or the PEM text itself (kubeconfig's *-data fields, base64-decoded).
struct ClientTlsOptions {
  // Trust for the server's certificate. Neither set: the system's trusted CAs.
  std::string caFile;  // certificate-authority
  std::string caPem;   // certificate-authority-data
  // A client certificate, to authenticate as its CN (user) and O (groups). Optional.
  std::string certificateFile;  // client-certificate
  std::string certificatePem;   // client-certificate-data
  std::string privateKeyFile;   // client-key
  std::string privateKeyPem;    // client-key-data
  // The name the server's certificate must carry, and the SNI sent, when it is not the host
  // connected to (tls-server-name). The host or this name may be an IP address.
  std::string serverName;
  bool insecureSkipVerify = false;  // insecure-skip-tls-verify: no check of the server at all
};

// Where to connect: plain HTTP when `tls` is empty, HTTPS (TLS 1.2 or later) otherwise.
struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
  std::optional<ClientTlsOptions> tls;
};

class Client {
 public:
  Client(std::string host, std::uint16_t port);
  // TLS settings that cannot be loaded (a missing file, a key that does not match its
  // certificate) make every request fail with Invalid, saying why.
  explicit Client(Endpoint endpoint);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and reads the whole response. Reconnects once if the kept-alive
  // connection was closed by the server. Connection failures, including a TLS handshake
  // that fails (an untrusted server, a wrong name), come back as Unavailable, timeouts as
  // DeadlineExceeded.
  Result<Response> request(std::string_view method, std::string_view target, std::string_view body = {},
                           const RequestOptions& options = {});
  Result<Response> get(std::string_view target, const RequestOptions& options = {}) {
    return request("GET", target, {}, options);
  }
  Result<Response> post(std::string_view target, std::string_view body, const RequestOptions& options = {}) {
    return request("POST", target, body, options);
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request whose response body is a stream of newline-delimited messages, as etcd's
// /v3/watch and /v3/lease/keepalive and Kubernetes' ?watch=true answer. With
// keepRequestBodyOpen the request body is sent chunked and stays open, so further messages
// (an etcd watch cancel_request) can follow on the same request.
class Stream {
 public:
  static Result<std::unique_ptr<Stream>> open(const std::string& host, std::uint16_t port, std::string_view method,
                                              std::string_view target, std::string_view firstBodyPart,
                                              bool keepRequestBodyOpen, const RequestOptions& options = {});
  static Result<std::unique_ptr<Stream>> open(const Endpoint& endpoint, std::string_view method,
                                              std::string_view target, std::string_view firstBodyPart,
                                              bool keepRequestBodyOpen, const RequestOptions& options = {});
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  unsigned status() const;
  const Headers& headers() const;

  // The next line of the response body, without its newline. DeadlineExceeded when nothing
  // arrives in time (the stream stays usable); Unavailable once the stream has ended.
  Result<std::string> readLine(std::chrono::milliseconds timeout);

  // Whatever body bytes have arrived (waiting up to `timeout` for some), as they are: for
  // bodies that are not line-delimited (container logs). DeadlineExceeded when nothing
  // arrived in time; Unavailable once the stream has ended and everything was returned.
  Result<std::string> readSome(std::chrono::milliseconds timeout);
  // Whether the response body has ended as HTTP frames it (the last chunk, or all of its
  // Content-Length), rather than by the connection breaking.
  bool bodyComplete() const;

  // Sends more of the request body; only for streams opened with keepRequestBodyOpen.
  Status send(std::string_view bodyPart);
  // Ends the request body (the final empty chunk).
  Status finishRequestBody();
  void close();

 private:
  struct Impl;
  explicit Stream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A raw byte connection (TCP, or TLS over it) to relay an upgraded request through, as a
// proxy does: the caller writes the request head itself and gets every byte the server sends,
// response head included. Received bytes and the end arrive on a thread of the tunnel's own.
class Tunnel {
 public:
  struct Handlers {
    std::function<void(std::string_view bytes)> onData;
    std::function<void()> onClosed;  // once: the server closed, a read failed, or close()
  };
  // Connects (and completes the TLS handshake) within `timeout`, then starts reading.
  static Result<std::unique_ptr<Tunnel>> open(const Endpoint& endpoint, Handlers handlers,
                                              std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~Tunnel();  // closes, and waits for the reading thread
  Tunnel(const Tunnel&) = delete;
  Tunnel& operator=(const Tunnel&) = delete;

  // Thread-safe; bytes are written in order.
  void send(std::string bytes);
  void close();

 private:
  struct Impl;
  explicit Tunnel(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace kubelab::http
