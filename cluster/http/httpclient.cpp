#include "http/httpclient.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <deque>
#include <thread>
#include <array>
#include <cctype>
#include <limits>
#include <optional>
#include <variant>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "http/tlscontext.h"

namespace kubelab::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beasthttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using PlainStream = beast::tcp_stream;
using TlsStream = asio::ssl::stream<beast::tcp_stream>;

namespace {

// Responses can be large (a range over a whole store) and watch bodies never end, so the
// parser's default 8 MB body limit would cut them off.
constexpr std::uint64_t unlimitedBody = std::numeric_limits<std::uint64_t>::max();
constexpr std::size_t streamReadChunkBytes = 64 * 1024;

bool equalsIgnoringCase(std::string_view left, std::string_view right) {
  return left.size() == right.size() && std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

Status translateError(const beast::error_code& error, std::string_view during) {
  std::string message = std::string(during) + ": " + error.message();
  if (error == beast::error::timeout) return Status(StatusCode::DeadlineExceeded, message);
  const auto& httpCategory = beasthttp::make_error_code(beasthttp::error::end_of_stream).category();
  if (error.category() == httpCategory && error != beasthttp::error::end_of_stream) {
    return internalError("malformed HTTP response (" + message + ")");
  }
  return unavailable(message);
}

// Runs the io_context until the operation that sets `done` has completed. The tcp_stream's
// own expiry bounds every operation, so this cannot wait forever.
void runUntilDone(asio::io_context& ioContext, const bool& done) {
  while (!done) {
    if (ioContext.stopped()) ioContext.restart();
    ioContext.run_one();
  }
}

Result<tcp::resolver::results_type> resolve(asio::io_context& ioContext, const std::string& host,
                                            std::uint16_t port) {
  tcp::resolver resolver(ioContext);
  beast::error_code error;
  auto endpoints = resolver.resolve(host, std::to_string(port), error);
  if (error) return unavailable("cannot resolve " + host + ": " + error.message());
  return endpoints;
}

// A Client's or Stream's TLS options, loaded once.
struct TlsSettings {
  ClientTlsOptions options;
  std::shared_ptr<TlsContext> context;

  static Result<TlsSettings> load(const ClientTlsOptions& options) {
    auto context = makeClientTlsContext(options);
    if (!context) return context.status();
    return TlsSettings{options, std::move(context).value()};
  }
};

// One connection's bytes: plain TCP, or TLS over it. The HTTP code below visits it, so it
// is written once for both.
class ConnectionStream {
 public:
  explicit ConnectionStream(asio::io_context& ioContext) : stream_(std::in_place_type<PlainStream>, ioContext) {}

  beast::tcp_stream& tcpStream() {
    return std::visit([](auto& stream) -> beast::tcp_stream& { return beast::get_lowest_layer(stream); }, stream_);
  }
  TlsStream* tls() { return std::get_if<TlsStream>(&stream_); }

  template <typename Operation>
  void visit(Operation&& operation) {
    std::visit(std::forward<Operation>(operation), stream_);
  }

  // A fresh stream for each connection, since TLS state never carries over.
  Status renew(asio::io_context& ioContext, const TlsSettings* tlsSettings) {
    if (tlsSettings == nullptr) {
      stream_.emplace<PlainStream>(ioContext);
      return Status::ok();
    }
    try {
      stream_.emplace<TlsStream>(ioContext, *tlsSettings->context);
    } catch (const boost::system::system_error& error) {  // SSL_new failed: out of memory
      stream_.emplace<PlainStream>(ioContext);
      return internalError(std::string("cannot start a TLS connection: ") + error.what());
    }
    return Status::ok();
  }

  void close() {
    beast::error_code ignored;
    tcpStream().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcpStream().close();
  }

 private:
  std::variant<PlainStream, TlsStream> stream_;
};

Status handshake(asio::io_context& ioContext, TlsStream& stream, const TlsSettings& tlsSettings,
                 const std::string& host, std::uint16_t port, Clock::time_point deadline) {
  KUBELAB_RETURN_IF_ERROR(prepareClientConnection(stream.native_handle(), tlsSettings.options, host));
  bool done = false;
  beast::error_code result;
  beast::get_lowest_layer(stream).expires_at(deadline);
  stream.async_handshake(asio::ssl::stream_base::client, [&](const beast::error_code& error) {
    result = error;
    done = true;
  });
  runUntilDone(ioContext, done);
  const std::string during = "TLS handshake with " + host + ":" + std::to_string(port);
  if (result == beast::error::timeout) return translateError(result, during);
  if (result) return unavailable(during + " failed: " + describeHandshakeFailure(stream.native_handle(), result));
  return Status::ok();
}

Status connectStream(asio::io_context& ioContext, ConnectionStream& stream, const std::string& host,
                     std::uint16_t port, const TlsSettings* tlsSettings, Clock::time_point deadline) {
  auto endpoints = resolve(ioContext, host, port);
  if (!endpoints) return endpoints.status();
  KUBELAB_RETURN_IF_ERROR(stream.renew(ioContext, tlsSettings));
  bool done = false;
  beast::error_code result;
  stream.tcpStream().expires_at(deadline);
  stream.tcpStream().async_connect(*endpoints, [&](const beast::error_code& error, const tcp::endpoint&) {
    result = error;
    done = true;
  });
  runUntilDone(ioContext, done);
  if (result) return translateError(result, "connect to " + host + ":" + std::to_string(port));
  stream.tcpStream().socket().set_option(tcp::no_delay(true), result);
  if (tlsSettings == nullptr) return Status::ok();
  return handshake(ioContext, *stream.tls(), *tlsSettings, host, port, deadline);
}

// A kept-alive socket the server has closed reads as "readable with nothing to read".
// Checking first avoids sending a request into a dead connection, which is the only case
// where resending is certainly safe.
bool peerHasClosed(beast::tcp_stream& stream) {
  pollfd descriptor{stream.socket().native_handle(), POLLIN, 0};
  if (::poll(&descriptor, 1, 0) <= 0) return false;
  if ((descriptor.revents & (POLLHUP | POLLERR)) != 0) return true;
  char byte = 0;
  return ::recv(descriptor.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

template <typename Request>
void setMethod(Request& request, std::string_view method) {
  auto verb = beasthttp::string_to_verb(method);
  if (verb == beasthttp::verb::unknown) {
    request.method_string(method);
  } else {
    request.method(verb);
  }
}

template <typename Request>
void setCommonHeaders(Request& request, const std::string& host, std::uint16_t port, const RequestOptions& options,
                      bool hasBody) {
  request.set(beasthttp::field::host, host + ":" + std::to_string(port));
  request.set(beasthttp::field::user_agent, "kubelab-http");
  if (hasBody && !options.contentType.empty()) request.set(beasthttp::field::content_type, options.contentType);
  for (const auto& [name, value] : options.headers) request.set(name, value);
}

template <typename Fields>
Headers copyHeaders(const Fields& fields) {
  Headers headers;
  for (const auto& field : fields) {
    headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  return headers;
}

}  // namespace

std::string Response::header(std::string_view name) const {
  for (const auto& [headerName, value] : headers) {
    if (equalsIgnoringCase(headerName, name)) return value;
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// Client

constexpr std::size_t readBufferBytes = 64 * 1024;

struct Client::Impl {
  std::string host;
  std::uint16_t port;
  std::optional<TlsSettings> tls;
  Status tlsStatus;  // why the TLS options could not be loaded
  asio::io_context ioContext;
  ConnectionStream stream{ioContext};
  beast::flat_buffer buffer;
  bool connected = false;

  explicit Impl(Endpoint endpoint) : host(std::move(endpoint.host)), port(endpoint.port) {
    // Beast reads no more than the buffer's free capacity at a time; without room it reads
    // 512 bytes per system call, which makes a 15 MB LIST cost 30,000 reads.
    buffer.reserve(readBufferBytes);
    if (!endpoint.tls) return;
    auto loaded = TlsSettings::load(*endpoint.tls);
    if (loaded) {
      tls = std::move(loaded).value();
    } else {
      tlsStatus = loaded.status();
    }
  }

  void disconnect() {
    stream.close();
    buffer.clear();
    connected = false;
  }

  // One attempt on the current connection. `nothingReceived` tells the caller whether a
  // failure happened before any byte of the response arrived.
  Result<Response> exchange(const beasthttp::request<beasthttp::string_body>& request, Clock::time_point deadline,
                            bool& nothingReceived) {
    nothingReceived = true;
    bool done = false;
    beast::error_code result;
    stream.tcpStream().expires_at(deadline);
    stream.visit([&](auto& connection) {
      beasthttp::async_write(connection, request, [&](const beast::error_code& error, std::size_t) {
        result = error;
        done = true;
      });
    });
    runUntilDone(ioContext, done);
    if (result == beast::error::timeout) return translateError(result, "send request");
    // A server may answer before reading a whole body it refuses (too large) and close the
    // connection, which fails our write: its answer can still be waiting to be read.
    const beast::error_code writeError = result;

    beasthttp::response_parser<beasthttp::string_body> parser;
    parser.body_limit(unlimitedBody);
    done = false;
    stream.tcpStream().expires_at(deadline);
    stream.visit([&](auto& connection) {
      beasthttp::async_read(connection, buffer, parser, [&](const beast::error_code& error, std::size_t) {
        result = error;
        done = true;
      });
    });
    runUntilDone(ioContext, done);
    nothingReceived = !parser.got_some();
    if (result) return translateError(writeError ? writeError : result, writeError ? "send request" : "read response");

    auto& message = parser.get();
    Response response;
    response.status = message.result_int();
    response.headers = copyHeaders(message.base());
    response.body = std::move(message.body());
    if (writeError || !message.keep_alive()) disconnect();
    return response;
  }
};

Client::Client(std::string host, std::uint16_t port) : Client(Endpoint{std::move(host), port, std::nullopt}) {}

Client::Client(Endpoint endpoint) : impl_(std::make_unique<Impl>(std::move(endpoint))) {}

Client::~Client() {
  if (impl_->connected) impl_->disconnect();
}

Result<Response> Client::request(std::string_view method, std::string_view target, std::string_view body,
                                 const RequestOptions& options) {
  KUBELAB_RETURN_IF_ERROR(impl_->tlsStatus);
  beasthttp::request<beasthttp::string_body> request;
  setMethod(request, method);
  request.target(target);
  request.version(11);
  setCommonHeaders(request, impl_->host, impl_->port, options, !body.empty() || method == "POST");
  request.body() = std::string(body);
  request.prepare_payload();

  const auto deadline = Clock::now() + options.timeout;
  for (int attempt = 0;; ++attempt) {
    if (impl_->connected && peerHasClosed(impl_->stream.tcpStream())) impl_->disconnect();
    const bool reused = impl_->connected;
    if (!impl_->connected) {
      const TlsSettings* tls = impl_->tls ? &*impl_->tls : nullptr;
      KUBELAB_RETURN_IF_ERROR(connectStream(impl_->ioContext, impl_->stream, impl_->host, impl_->port, tls, deadline));
      impl_->connected = true;
    }
    bool nothingReceived = true;
    auto response = impl_->exchange(request, deadline, nothingReceived);
    if (response) return response;
    impl_->disconnect();
    // The server may close an idle connection just as we reuse it (after the check above);
    // then the request never reached it and is sent once more on a fresh connection. A
    // server that died after processing it would see it twice, but that window is tiny and
    // the answer was lost anyway. A timeout is never retried.
    const bool retry = reused && attempt == 0 && nothingReceived &&
                       response.status().code() == StatusCode::Unavailable;
    if (!retry) return response.status();
  }
}

// ---------------------------------------------------------------------------------------
// Stream

struct Stream::Impl {
  std::string host;
  std::uint16_t port;
  RequestOptions options;
  std::optional<TlsSettings> tls;
  bool requestBodyOpen = false;
  asio::io_context ioContext;
  ConnectionStream stream{ioContext};
  beast::flat_buffer buffer;
  std::optional<beasthttp::response_parser<beasthttp::buffer_body>> parser;
  std::array<char, streamReadChunkBytes> scratch{};
  std::string pendingText;  // body bytes received but not yet returned as lines
  bool readInFlight = false;
  bool ended = false;
  bool closed = false;
  std::string endReason;
  unsigned status = 0;
  Headers headers;

  Status write(const auto& buffers, std::string_view during) {
    bool done = false;
    beast::error_code result;
    stream.tcpStream().expires_after(options.timeout);
    stream.visit([&](auto& connection) {
      asio::async_write(connection, buffers, [&](const beast::error_code& error, std::size_t) {
        result = error;
        done = true;
      });
    });
    runUntilDone(ioContext, done);
    if (result) return translateError(result, during);
    return Status::ok();
  }

  Status sendRequestHead(std::string_view method, std::string_view target, std::string_view firstBodyPart) {
    if (!requestBodyOpen) {
      beasthttp::request<beasthttp::string_body> request;
      setMethod(request, method);
      request.target(target);
      request.version(11);
      setCommonHeaders(request, host, port, options, !firstBodyPart.empty() || method == "POST");
      request.body() = std::string(firstBodyPart);
      request.prepare_payload();
      beasthttp::request_serializer<beasthttp::string_body> serializer(request);
      return writeSerializer(serializer);
    }
    beasthttp::request<beasthttp::empty_body> request;
    setMethod(request, method);
    request.target(target);
    request.version(11);
    setCommonHeaders(request, host, port, options, true);
    request.chunked(true);
    // Go's net/http (etcd's JSON gateway) holds back the response head until the chunked
    // request body has ended, unless the client asked for "100 Continue"; with it, responses
    // flow while the body is still open. Servers that ignore it lose nothing.
    request.set(beasthttp::field::expect, "100-continue");
    beasthttp::request_serializer<beasthttp::empty_body> serializer(request);
    bool done = false;
    beast::error_code result;
    stream.tcpStream().expires_after(options.timeout);
    stream.visit([&](auto& connection) {
      beasthttp::async_write_header(connection, serializer, [&](const beast::error_code& error, std::size_t) {
        result = error;
        done = true;
      });
    });
    runUntilDone(ioContext, done);
    if (result) return translateError(result, "send request head");
    if (firstBodyPart.empty()) return Status::ok();
    return write(beasthttp::make_chunk(asio::buffer(firstBodyPart.data(), firstBodyPart.size())), "send body");
  }

  template <typename Serializer>
  Status writeSerializer(Serializer& serializer) {
    bool done = false;
    beast::error_code result;
    stream.tcpStream().expires_after(options.timeout);
    stream.visit([&](auto& connection) {
      beasthttp::async_write(connection, serializer, [&](const beast::error_code& error, std::size_t) {
        result = error;
        done = true;
      });
    });
    runUntilDone(ioContext, done);
    if (result) return translateError(result, "send request");
    return Status::ok();
  }

  // Reads the final response head, skipping interim 1xx responses (100 Continue).
  Status readResponseHead() {
    for (;;) {
      parser.emplace();
      parser->body_limit(unlimitedBody);
      bool done = false;
      beast::error_code result;
      stream.tcpStream().expires_after(options.timeout);
      stream.visit([&](auto& connection) {
        beasthttp::async_read_header(connection, buffer, *parser, [&](const beast::error_code& error, std::size_t) {
          result = error;
          done = true;
        });
      });
      runUntilDone(ioContext, done);
      if (result) return translateError(result, "read response head");
      const unsigned code = parser->get().result_int();
      if (code >= 100 && code < 200) continue;
      status = code;
      headers = copyHeaders(parser->get().base());
      ended = parser->is_done();
      if (ended) endReason = "the response had no body";
      return Status::ok();
    }
  }

  void startBodyRead() {
    readInFlight = true;
    parser->get().body().data = scratch.data();
    parser->get().body().size = scratch.size();
    parser->get().body().more = true;
    // A pending body read may wait indefinitely; readLine bounds the wait instead, so the
    // stream survives a quiet period.
    stream.tcpStream().expires_never();
    stream.visit([this](auto& connection) {
      beasthttp::async_read_some(connection, buffer, *parser,
                                 [this](beast::error_code error, std::size_t) { onBodyRead(error); });
    });
  }

  void onBodyRead(beast::error_code error) {
    readInFlight = false;
    const std::size_t produced = scratch.size() - parser->get().body().size;
    pendingText.append(scratch.data(), produced);
    if (error == beasthttp::error::need_buffer) error = {};
    if (error) {
      ended = true;
      endReason = error.message();
    } else if (parser->is_done()) {
      ended = true;
      endReason = "the response body ended";
    }
  }

  std::optional<std::string> takeLine() {
    const auto newline = pendingText.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    std::string line = pendingText.substr(0, newline);
    pendingText.erase(0, newline + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }

  void shutdown() {
    closed = true;
    stream.close();
    // Let an aborted read complete while everything it refers to is still alive.
    ioContext.restart();
    ioContext.poll();
    readInFlight = false;
    ended = true;
    if (endReason.empty()) endReason = "closed";
  }
};

Stream::Stream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Stream::~Stream() { close(); }

Result<std::unique_ptr<Stream>> Stream::open(const std::string& host, std::uint16_t port, std::string_view method,
                                             std::string_view target, std::string_view firstBodyPart,
                                             bool keepRequestBodyOpen, const RequestOptions& options) {
  return open(Endpoint{host, port, std::nullopt}, method, target, firstBodyPart, keepRequestBodyOpen, options);
}

Result<std::unique_ptr<Stream>> Stream::open(const Endpoint& endpoint, std::string_view method,
                                             std::string_view target, std::string_view firstBodyPart,
                                             bool keepRequestBodyOpen, const RequestOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->host = endpoint.host;
  impl->port = endpoint.port;
  impl->options = options;
  impl->requestBodyOpen = keepRequestBodyOpen;
  if (endpoint.tls) {
    auto loaded = TlsSettings::load(*endpoint.tls);
    if (!loaded) return loaded.status();
    impl->tls = std::move(loaded).value();
  }
  const auto deadline = Clock::now() + options.timeout;
  const TlsSettings* tls = impl->tls ? &*impl->tls : nullptr;
  KUBELAB_RETURN_IF_ERROR(connectStream(impl->ioContext, impl->stream, impl->host, impl->port, tls, deadline));
  KUBELAB_RETURN_IF_ERROR(impl->sendRequestHead(method, target, firstBodyPart));
  KUBELAB_RETURN_IF_ERROR(impl->readResponseHead());
  return std::unique_ptr<Stream>(new Stream(std::move(impl)));
}

unsigned Stream::status() const { return impl_->status; }

const Headers& Stream::headers() const { return impl_->headers; }

Result<std::string> Stream::readLine(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto line = impl_->takeLine()) return *std::move(line);
    if (impl_->ended) {
      // A last line without its newline still counts as a message.
      if (!impl_->pendingText.empty()) return std::exchange(impl_->pendingText, {});
      return unavailable("stream ended: " + impl_->endReason);
    }
    if (!impl_->readInFlight) impl_->startBodyRead();
    if (impl_->ioContext.stopped()) impl_->ioContext.restart();
    // The read stays pending when this wait times out; the next readLine picks it up.
    if (impl_->ioContext.run_one_until(deadline) == 0 && Clock::now() >= deadline) {
      return Status(StatusCode::DeadlineExceeded, "no complete line within the timeout");
    }
  }
}

Result<std::string> Stream::readSome(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (!impl_->pendingText.empty()) return std::exchange(impl_->pendingText, {});
    if (impl_->ended) return unavailable("stream ended: " + impl_->endReason);
    if (!impl_->readInFlight) impl_->startBodyRead();
    if (impl_->ioContext.stopped()) impl_->ioContext.restart();
    if (impl_->ioContext.run_one_until(deadline) == 0 && Clock::now() >= deadline) {
      return Status(StatusCode::DeadlineExceeded, "nothing arrived within the timeout");
    }
  }
}

bool Stream::bodyComplete() const { return impl_->parser && impl_->parser->is_done(); }

Status Stream::send(std::string_view bodyPart) {
  if (!impl_->requestBodyOpen) return invalid("the request body of this stream is not open");
  if (bodyPart.empty()) return Status::ok();  // an empty chunk would end the body
  return impl_->write(beasthttp::make_chunk(asio::buffer(bodyPart.data(), bodyPart.size())), "send body");
}

Status Stream::finishRequestBody() {
  if (!impl_->requestBodyOpen) return invalid("the request body of this stream is not open");
  impl_->requestBodyOpen = false;
  return impl_->write(beasthttp::make_chunk_last(), "end body");
}

void Stream::close() {
  if (impl_ && !impl_->closed) impl_->shutdown();
}

}  // namespace kubelab::http

namespace kubelab::http {

struct Tunnel::Impl : std::enable_shared_from_this<Tunnel::Impl> {
  asio::io_context ioContext;
  std::optional<TlsSettings> tls;
  ConnectionStream stream{ioContext};
  Handlers handlers;
  std::array<char, streamReadChunkBytes> scratch{};
  std::deque<std::string> outbox;
  bool closed = false;
  std::thread thread;

  void readNext() {
    stream.visit([self = shared_from_this()](auto& connection) {
      connection.async_read_some(asio::buffer(self->scratch), [self](const beast::error_code& error, std::size_t read) {
        if (read > 0 && self->handlers.onData) self->handlers.onData(std::string_view(self->scratch.data(), read));
        if (error) return self->finish();
        self->readNext();
      });
    });
  }

  void writeNext() {
    stream.visit([self = shared_from_this()](auto& connection) {
      asio::async_write(connection, asio::buffer(self->outbox.front()), [self](const beast::error_code& error, std::size_t) {
        if (error) return self->finish();
        self->outbox.pop_front();
        if (!self->outbox.empty()) self->writeNext();
      });
    });
  }

  void finish() {
    if (closed) return;
    closed = true;
    stream.close();
    if (auto callback = std::exchange(handlers.onClosed, nullptr)) callback();
    handlers.onData = nullptr;
  }
};

Tunnel::Tunnel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Tunnel::~Tunnel() {
  close();
  if (impl_->thread.joinable()) {
    if (impl_->thread.get_id() == std::this_thread::get_id()) {
      impl_->thread.detach();  // destroyed from its own callback: the thread ends by itself
    } else {
      impl_->thread.join();
    }
  }
}

Result<std::unique_ptr<Tunnel>> Tunnel::open(const Endpoint& endpoint, Handlers handlers,
                                             std::chrono::milliseconds timeout) {
  auto impl = std::make_shared<Impl>();
  impl->handlers = std::move(handlers);
  if (endpoint.tls) {
    auto loaded = TlsSettings::load(*endpoint.tls);
    if (!loaded) return loaded.status();
    impl->tls = std::move(loaded).value();
  }
  const TlsSettings* tls = impl->tls ? &*impl->tls : nullptr;
  KUBELAB_RETURN_IF_ERROR(
      connectStream(impl->ioContext, impl->stream, endpoint.host, endpoint.port, tls, Clock::now() + timeout));
  impl->stream.tcpStream().expires_never();
  impl->ioContext.restart();
  impl->readNext();
  impl->thread = std::thread([impl] { impl->ioContext.run(); });
  return std::unique_ptr<Tunnel>(new Tunnel(std::move(impl)));
}

void Tunnel::send(std::string bytes) {
  if (bytes.empty()) return;
  asio::post(impl_->ioContext, [impl = impl_, bytes = std::move(bytes)]() mutable {
    if (impl->closed) return;
    impl->outbox.push_back(std::move(bytes));
    if (impl->outbox.size() == 1) impl->writeNext();
  });
}

void Tunnel::close() {
  asio::post(impl_->ioContext, [impl = impl_] { impl->finish(); });
}

}  // namespace kubelab::http
