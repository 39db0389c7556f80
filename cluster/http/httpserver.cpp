#include "http/httpserver.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <type_traits>

#include "common/logging.h"
#include "http/tlscontext.h"

namespace kubelab::http {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using PlainStream = beast::tcp_stream;
// Asio's stream rather than Beast's ssl_stream: the latter's buffered handshake (needed after
// detecting TLS) does not compile in Boost 1.81 (a wrong completion signature constraint).
using TlsStream = net::ssl::stream<beast::tcp_stream>;

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string statusLine(unsigned status) {
  auto reason = beast::http::obsolete_reason(static_cast<beast::http::status>(status));
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
}

std::string headerLines(const Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  return out;
}

bool isHttpSyntaxError(const beast::error_code& error) {
  return error.category() == beast::http::make_error_code(beast::http::error::bad_method).category();
}

constexpr std::size_t readPieceBytes = 64 * 1024;
constexpr auto idleTimeout = std::chrono::minutes(5);
// How long a closing TLS connection waits for the peer's close_notify.
constexpr auto tlsShutdownTimeout = std::chrono::seconds(2);

}  // namespace

std::string Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equalsIgnoringCase(key, name)) return value;
  }
  return {};
}

std::string_view Request::path() const {
  std::string_view view = target;
  return view.substr(0, view.find('?'));
}

std::string_view Request::query() const {
  std::string_view view = target;
  auto mark = view.find('?');
  return mark == std::string_view::npos ? std::string_view() : view.substr(mark + 1);
}

// What an Exchange needs from the connection it answers on, whatever the stream type.
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // Thread-safe: queue bytes for the socket.
  virtual void send(std::string bytes, bool last) = 0;
  virtual std::size_t pendingBytes() const = 0;
  virtual bool keepAlive() const = 0;
  // Upgrades (see Exchange): each posts onto the connection's executor.
  virtual void acceptWebSocket(std::string subprotocol, WebSocketHandlers handlers) = 0;
  virtual void sendWebSocket(std::string message) = 0;
  virtual void closeWebSocket() = 0;
  virtual void takeOver(std::function<void(std::string_view)> onData, std::function<void()> onClosed) = 0;
  virtual void closeAfterWrites() = 0;
  // A response that streams (a followed log, a watch) may outlast its client: from now on the
  // connection reads, so a client that goes away ends the exchange (onDisconnect) even while
  // nothing is written, and it closes after the response instead of serving another request.
  virtual void watchClientDuringStream() = 0;
};

class WebSocketImpl final : public WebSocket {
 public:
  explicit WebSocketImpl(std::shared_ptr<ConnectionBase> connection) : connection_(std::move(connection)) {}
  void send(std::string message) override { connection_->sendWebSocket(std::move(message)); }
  void close() override { connection_->closeWebSocket(); }

 private:
  std::shared_ptr<ConnectionBase> connection_;
};

class ExchangeImpl final : public Exchange {
 public:
  explicit ExchangeImpl(std::shared_ptr<ConnectionBase> connection) : connection_(std::move(connection)) {}
  void respond(unsigned status, std::string contentType, std::string body, Headers extraHeaders) override;
  void startStream(unsigned status, std::string contentType, Headers extraHeaders) override;
  void writeChunk(std::string data) override;
  void finish() override;
  std::size_t pendingBytes() const override;
  void onDisconnect(std::function<void()> callback) override;
  void onBodyData(std::function<void(std::string_view)> callback, std::function<void()> onBodyEnd) override;
  std::shared_ptr<WebSocket> acceptWebSocket(std::string subprotocol, WebSocketHandlers handlers) override {
    connection_->acceptWebSocket(std::move(subprotocol), std::move(handlers));
    return std::make_shared<WebSocketImpl>(connection_);
  }
  void takeOver(std::function<void(std::string_view)> onData, std::function<void()> onClosed) override {
    connection_->takeOver(std::move(onData), std::move(onClosed));
  }
  void writeRaw(std::string bytes) override {
    if (!bytes.empty()) connection_->send(std::move(bytes), false);
  }
  void closeConnection() override { connection_->closeAfterWrites(); }

  // Called by the connection, on its strand.
  void deliverBody(std::string_view data);
  void deliverBodyEnd();
  void deliverDisconnect();

 private:
  std::shared_ptr<ConnectionBase> connection_;
  std::mutex mutex_;
  std::function<void()> disconnectCallback_;
  std::function<void(std::string_view)> bodyCallback_;
  std::function<void()> bodyEndCallback_;
  std::string earlyBody_;  // body that arrived before the handler asked for it
  bool bodyEnded_ = false;
  bool disconnected_ = false;
};

// One client connection, plain (PlainStream) or TLS (TlsStream): the HTTP handling is the
// same, and only the start (detecting and completing the handshake) and the end differ.
template <typename StreamType>
class Connection final : public ConnectionBase, public std::enable_shared_from_this<Connection<StreamType>> {
  static constexpr bool isTls = std::is_same_v<StreamType, TlsStream>;

 public:
  template <typename... StreamArguments>
  Connection(const ServerOptions& options, const Handler& handler, StreamArguments&&... streamArguments)
      : stream_(std::forward<StreamArguments>(streamArguments)...), options_(options), handler_(handler) {}

  void start() {
    if constexpr (isTls) {
      detectTls();
    } else {
      readHeader();
    }
  }

  void send(std::string bytes, bool last) override {
    pendingBytes_ += bytes.size();
    net::post(stream_.get_executor(), [self = this->shared_from_this(), bytes = std::move(bytes), last]() mutable {
      self->outbox_.push_back(std::move(bytes));
      if (last) self->responseComplete_ = true;
      if (self->outbox_.size() == 1) self->writeNext();
    });
  }
  std::size_t pendingBytes() const override { return pendingBytes_; }
  bool keepAlive() const override { return keepAlive_; }

  void watchClientDuringStream() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      // A streamed request body already has its read going (see onBodyDone).
      if (self->closed_ || self->streaming_ || !self->parser_->is_done()) return;
      self->keepAlive_ = false;
      self->watchingClient_ = true;
      self->watchForDisconnect();
    });
  }

  void acceptWebSocket(std::string subprotocol, WebSocketHandlers handlers) override {
    net::post(stream_.get_executor(), [self = this->shared_from_this(), subprotocol = std::move(subprotocol),
                                       handlers = std::move(handlers)]() mutable {
      self->startWebSocket(std::move(subprotocol), std::move(handlers));
    });
  }
  void sendWebSocket(std::string message) override {
    net::post(stream_.get_executor(), [self = this->shared_from_this(), message = std::move(message)]() mutable {
      if (!self->webSocket_ || self->closed_) return;
      self->webSocketOutbox_.push_back(std::move(message));
      if (self->webSocketOutbox_.size() == 1) self->writeWebSocketNext();
    });
  }
  void closeWebSocket() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->webSocketClosing_ = true;
      if (self->webSocket_ && self->webSocketOutbox_.empty()) self->sendWebSocketClose();
    });
  }
  void takeOver(std::function<void(std::string_view)> onData, std::function<void()> onClosed) override {
    net::post(stream_.get_executor(), [self = this->shared_from_this(), onData = std::move(onData),
                                       onClosed = std::move(onClosed)]() mutable {
      self->rawData_ = std::move(onData);
      self->upgradeClosed_ = std::move(onClosed);
      if (self->closed_) return self->notifyUpgradeClosed();
      if (self->buffer_.size() > 0) {
        auto bytes = self->buffer_.data();
        self->rawData_(std::string_view(static_cast<const char*>(bytes.data()), bytes.size()));
        self->buffer_.consume(self->buffer_.size());
      }
      self->readRaw();
    });
  }
  void closeAfterWrites() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closeWhenWritten_ = true;
      if (self->outbox_.empty()) self->close();
    });
  }

 private:
  void startWebSocket(std::string subprotocol, WebSocketHandlers handlers) {
    upgradeClosed_ = std::move(handlers.onClosed);
    webSocketMessage_ = std::move(handlers.onMessage);
    if (closed_) return notifyUpgradeClosed();
    tcpStream().expires_never();
    webSocket_.emplace(stream_);
    namespace websocket = beast::websocket;
    webSocket_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    webSocket_->set_option(websocket::stream_base::decorator([subprotocol](websocket::response_type& response) {
      if (!subprotocol.empty()) response.set(beast::http::field::sec_websocket_protocol, subprotocol);
    }));
    webSocket_->binary(true);
    webSocket_->async_accept(parser_->get(), [self = this->shared_from_this()](beast::error_code error) {
      if (error) return self->close();
      self->readWebSocket();
      if (!self->webSocketOutbox_.empty()) self->writeWebSocketNext();
      else if (self->webSocketClosing_) self->sendWebSocketClose();
    });
    webSocketAccepting_ = true;
  }

  void readWebSocket() {
    webSocketAccepting_ = false;
    webSocket_->async_read(webSocketBuffer_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return self->close();
      std::string message = beast::buffers_to_string(self->webSocketBuffer_.data());
      self->webSocketBuffer_.consume(self->webSocketBuffer_.size());
      if (self->webSocketMessage_) self->webSocketMessage_(std::move(message));
      self->readWebSocket();
    });
  }

  void writeWebSocketNext() {
    if (webSocketAccepting_) return;  // the accept's completion starts the writes
    webSocket_->async_write(net::buffer(webSocketOutbox_.front()),
                            [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                              if (error) return self->close();
                              self->webSocketOutbox_.pop_front();
                              if (!self->webSocketOutbox_.empty()) return self->writeWebSocketNext();
                              if (self->webSocketClosing_) self->sendWebSocketClose();
                            });
  }

  void sendWebSocketClose() {
    if (webSocketAccepting_ || webSocketCloseSent_ || closed_) return;
    webSocketCloseSent_ = true;
    // The read loop sees the peer's answering close frame and ends the connection.
    webSocket_->async_close(beast::websocket::close_code::normal,
                            [self = this->shared_from_this()](beast::error_code) { self->close(); });
  }

  void readRaw() {
    stream_.async_read_some(net::buffer(piece_), [self = this->shared_from_this()](beast::error_code error, std::size_t read) {
      if (error) return self->close();
      if (self->rawData_) self->rawData_(std::string_view(self->piece_, read));
      self->readRaw();
    });
  }

  void notifyUpgradeClosed() {
    if (auto callback = std::exchange(upgradeClosed_, nullptr)) callback();
    rawData_ = nullptr;
    webSocketMessage_ = nullptr;
  }

  beast::tcp_stream& tcpStream() { return beast::get_lowest_layer(stream_); }

  // TLS only. Looks at the first bytes before the handshake, so that a plain HTTP request
  // gets an explanation instead of a handshake error it cannot show.
  void detectTls() {
    tcpStream().expires_after(options_.tls ? options_.tls->handshakeTimeout : idleTimeout);
    beast::async_detect_ssl(tcpStream(), buffer_,
                            [self = this->shared_from_this()](beast::error_code error, bool isTlsClient) {
                              self->onDetected(error, isTlsClient);
                            });
  }

  void onDetected(beast::error_code error, bool isTlsClient) {
    if (error) return close();
    if (!isTlsClient) return refusePlainHttp();
    if constexpr (isTls) {
      stream_.async_handshake(net::ssl::stream_base::server, buffer_.data(),
                              [self = this->shared_from_this()](beast::error_code handshakeError, std::size_t used) {
                                self->onHandshake(handshakeError, used);
                              });
    }
  }

  void onHandshake(beast::error_code error, std::size_t bytesUsed) {
    if (error) {
      // As kube-apiserver logs it: the usual sign of a client with the wrong CA.
      beast::error_code ignored;
      log::info("TLS handshake error from ", tcpStream().socket().remote_endpoint(ignored), ": ", error.message());
      return close();
    }
    buffer_.consume(bytesUsed);
    if constexpr (isTls) clientCertificate_ = verifiedClientCertificate(stream_.native_handle());
    readHeader();
  }

  void refusePlainHttp() {
    static const std::string answer =
        "HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
        "Client sent an HTTP request to an HTTPS server.\n";
    net::async_write(tcpStream(), net::buffer(answer),
                     [self = this->shared_from_this()](beast::error_code, std::size_t) { self->close(); });
  }

  void readHeader() {
    parser_.emplace();
    parser_->header_limit(64 * 1024);
    parser_->body_limit(boost::none);  // enforced below, so streamed bodies have no limit
    tcpStream().expires_after(idleTimeout);
    beast::http::async_read_header(stream_, buffer_, *parser_,
                                   [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                                     self->onHeader(error);
                                   });
  }

  void onHeader(beast::error_code error) {
    // A client that ends a TLS session cleanly between requests, or sends something that is
    // not HTTP, still gets a clean close_notify rather than a truncated session.
    if (error == net::error::eof || isHttpSyntaxError(error)) return shutdownTls();
    if (error) return close();
    tcpStream().expires_never();
    const auto& message = parser_->get();
    request_ = Request{};
    request_.method = std::string(message.method_string());
    request_.target = std::string(message.target());
    for (const auto& field : message) request_.headers.emplace_back(field.name_string(), field.value());
    request_.clientCertificate = clientCertificate_;
    keepAlive_ = message.keep_alive();
    responseComplete_ = false;
    exchange_ = std::make_shared<ExchangeImpl>(this->shared_from_this());
    streaming_ = options_.streamsRequestBody && options_.streamsRequestBody(request_);
    if (streaming_) handler_(request_, exchange_);
    readBodyPiece();
  }

  void readBodyPiece() {
    if (parser_->is_done()) return onBodyDone();
    auto& body = parser_->get().body();
    body.data = piece_;
    body.size = sizeof piece_;
    // read_some: hand over what has arrived, not only a full buffer, so a streamed body's
    // messages (a watch's create_request) are seen as soon as they come.
    beast::http::async_read_some(stream_, buffer_, *parser_,
                                 [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                                   self->onBodyPiece(error);
                                 });
  }

  void onBodyPiece(beast::error_code error) {
    if (error && error != beast::http::error::need_buffer) return close();
    std::size_t received = sizeof piece_ - parser_->get().body().size;
    if (streaming_) {
      exchange_->deliverBody(std::string_view(piece_, received));
    } else {
      request_.body.append(piece_, received);
      if (request_.body.size() > options_.maxBodyBytes) return rejectTooLarge();
    }
    readBodyPiece();
  }

  void onBodyDone() {
    if (streaming_) {
      exchange_->deliverBodyEnd();
      watchForDisconnect();
      return;
    }
    handler_(request_, exchange_);
  }

  void rejectTooLarge() {
    keepAlive_ = false;
    request_.body.clear();
    if (options_.respondTooLarge) {
      options_.respondTooLarge(request_, *exchange_);
    } else {
      exchange_->respond(413, "text/plain", "request body too large", {});
    }
  }

  // A streamed response keeps going after the request body ends; a read that returns
  // tells us the client went away.
  void watchForDisconnect() {
    stream_.async_read_some(net::buffer(piece_),
                            [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                              if (error) return self->close();
                              self->watchForDisconnect();
                            });
  }

  void writeNext() {
    net::async_write(stream_, net::buffer(outbox_.front()),
                     [self = this->shared_from_this()](beast::error_code error, std::size_t written) {
                       self->pendingBytes_ -= written;
                       if (error) return self->close();
                       self->outbox_.pop_front();
                       if (!self->outbox_.empty()) return self->writeNext();
                       if (self->closeWhenWritten_) return self->close();
                       if (self->responseComplete_) self->onResponseWritten();
                     });
  }

  void onResponseWritten() {
    responseComplete_ = false;
    exchange_.reset();
    if (!keepAlive_ || !parser_->is_done()) return endConnection();
    readHeader();
  }

  // After a last response: a TLS connection says close_notify first, so the client knows
  // nothing was cut off. Only when no read is pending, which would race the shutdown.
  void endConnection() {
    if (!streaming_ && !watchingClient_ && parser_->is_done()) return shutdownTls();
    close();
  }

  // Sends close_notify (and waits briefly for the peer's), then closes; plain TCP just closes.
  // Call only with no read or write in flight.
  void shutdownTls() {
    if constexpr (isTls) {
      if (!closed_) {
        tcpStream().expires_after(tlsShutdownTimeout);
        stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close(); });
        return;
      }
    }
    close();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    if (exchange_) exchange_->deliverDisconnect();
    exchange_.reset();
    notifyUpgradeClosed();
    beast::error_code ignored;
    tcpStream().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcpStream().close();
  }

  StreamType stream_;
  const ServerOptions& options_;
  const Handler& handler_;
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::buffer_body>> parser_;
  char piece_[readPieceBytes];
  Request request_;
  std::shared_ptr<ExchangeImpl> exchange_;
  std::deque<std::string> outbox_;
  std::atomic<std::size_t> pendingBytes_{0};
  bool streaming_ = false;
  bool keepAlive_ = true;
  bool responseComplete_ = false;
  bool closed_ = false;
  bool watchingClient_ = false;  // a read is pending for watchClientDuringStream
  std::optional<ClientCertificate> clientCertificate_;  // for every request on this connection
  // After an upgrade: a WebSocket over this stream, or raw bytes handed to rawData_.
  std::optional<beast::websocket::stream<StreamType&>> webSocket_;
  beast::flat_buffer webSocketBuffer_;
  std::deque<std::string> webSocketOutbox_;
  std::function<void(std::string)> webSocketMessage_;
  bool webSocketAccepting_ = false;
  bool webSocketClosing_ = false;
  bool webSocketCloseSent_ = false;
  std::function<void(std::string_view)> rawData_;
  std::function<void()> upgradeClosed_;
  bool closeWhenWritten_ = false;
};

void ExchangeImpl::respond(unsigned status, std::string contentType, std::string body, Headers extraHeaders) {
  std::string bytes = statusLine(status);
  bytes += "Content-Type: " + contentType + "\r\n";
  bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (!connection_->keepAlive()) bytes += "Connection: close\r\n";
  bytes += headerLines(extraHeaders) + "\r\n";
  bytes += body;
  connection_->send(std::move(bytes), true);
}

void ExchangeImpl::startStream(unsigned status, std::string contentType, Headers extraHeaders) {
  std::string bytes = statusLine(status);
  bytes += "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n";
  bytes += headerLines(extraHeaders) + "\r\n";
  connection_->send(std::move(bytes), false);
  connection_->watchClientDuringStream();
}

void ExchangeImpl::writeChunk(std::string data) {
  if (data.empty()) return;  // an empty chunk would end the stream
  char size[20];
  int length = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string bytes(size, static_cast<std::size_t>(length));
  bytes += data;
  bytes += "\r\n";
  connection_->send(std::move(bytes), false);
}

void ExchangeImpl::finish() { connection_->send("0\r\n\r\n", true); }

std::size_t ExchangeImpl::pendingBytes() const { return connection_->pendingBytes(); }

void ExchangeImpl::onDisconnect(std::function<void()> callback) {
  bool already;
  {
    std::lock_guard lock(mutex_);
    already = disconnected_;
    if (!already) disconnectCallback_ = std::move(callback);
  }
  if (already && callback) callback();
}

void ExchangeImpl::onBodyData(std::function<void(std::string_view)> callback, std::function<void()> onBodyEnd) {
  std::string early;
  bool ended;
  {
    std::lock_guard lock(mutex_);
    bodyCallback_ = std::move(callback);
    bodyEndCallback_ = std::move(onBodyEnd);
    early = std::move(earlyBody_);
    ended = bodyEnded_;
  }
  if (!early.empty() && bodyCallback_) bodyCallback_(early);
  if (ended && bodyEndCallback_) bodyEndCallback_();
}

void ExchangeImpl::deliverBody(std::string_view data) {
  std::function<void(std::string_view)> callback;
  {
    std::lock_guard lock(mutex_);
    if (!bodyCallback_) {
      earlyBody_.append(data);
      return;
    }
    callback = bodyCallback_;
  }
  callback(data);
}

void ExchangeImpl::deliverBodyEnd() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    bodyEnded_ = true;
    callback = bodyEndCallback_;
  }
  if (callback) callback();
}

void ExchangeImpl::deliverDisconnect() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    disconnected_ = true;
    callback = std::move(disconnectCallback_);
    bodyCallback_ = nullptr;
    bodyEndCallback_ = nullptr;
  }
  if (callback) callback();
}

struct Server::Impl {
  Impl(ServerOptions serverOptions, Handler requestHandler)
      : options(std::move(serverOptions)), handler(std::move(requestHandler)) {}

  void accept(tcp::acceptor& acceptor) {
    acceptor.async_accept(net::make_strand(io), [this, &acceptor](beast::error_code error, tcp::socket socket) {
      if (error) {
        if (error == net::error::operation_aborted || !acceptor.is_open()) return;
        log::warning("accept failed: ", error.message());
      } else {
        socket.set_option(tcp::no_delay(true), error);
        startConnection(std::move(socket));
      }
      accept(acceptor);
    });
  }

  void startConnection(tcp::socket socket) {
    if (!tlsContext) {
      std::make_shared<Connection<PlainStream>>(options, handler, std::move(socket))->start();
      return;
    }
    try {
      std::make_shared<Connection<TlsStream>>(options, handler, std::move(socket), *tlsContext)->start();
    } catch (const boost::system::system_error& error) {  // SSL_new failed: out of memory
      log::warning("cannot start a TLS connection: ", error.what());
    }
  }

  ServerOptions options;
  Handler handler;
  std::shared_ptr<TlsContext> tlsContext;  // null: plain HTTP
  Status tlsStatus;                        // why the TLS options could not be loaded
  net::io_context io;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::thread> threads;
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {
  if (!impl_->options.tls) return;
  auto context = makeServerTlsContext(*impl_->options.tls);
  if (context) {
    impl_->tlsContext = std::move(context).value();
  } else {
    impl_->tlsStatus = context.status();
  }
}

Server::~Server() { stop(); }

Result<std::uint16_t> Server::listen(const std::string& host, std::uint16_t port) {
  if (!impl_->tlsStatus) return impl_->tlsStatus;
  beast::error_code error;
  auto address = net::ip::make_address(host, error);
  if (error) return Status(StatusCode::Invalid, "not an IP address: " + host);
  tcp::endpoint endpoint(address, port);
  auto& acceptor = *impl_->acceptors.emplace_back(std::make_unique<tcp::acceptor>(impl_->io));
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) {
    impl_->acceptors.pop_back();
    return Status(StatusCode::Unavailable, "cannot listen on " + host + ":" + std::to_string(port) + ": " + error.message());
  }
  return acceptor.local_endpoint().port();
}

void Server::start() {
  for (auto& acceptor : impl_->acceptors) impl_->accept(*acceptor);
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  }
}

void Server::stop() {
  if (!impl_) return;
  net::post(impl_->io, [this] {
    beast::error_code ignored;
    for (auto& acceptor : impl_->acceptors) acceptor->close(ignored);
  });
  impl_->io.stop();
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  impl_->threads.clear();
}

}  // namespace kubelab::http
