#include "http/httpserver.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "common/logging.h"

namespace kubelab::http {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

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

constexpr std::size_t readPieceBytes = 64 * 1024;
constexpr auto idleTimeout = std::chrono::minutes(5);

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

class Connection;

class ExchangeImpl final : public Exchange {
 public:
  explicit ExchangeImpl(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}
  void respond(unsigned status, std::string contentType, std::string body, Headers extraHeaders) override;
  void startStream(unsigned status, std::string contentType, Headers extraHeaders) override;
  void writeChunk(std::string data) override;
  void finish() override;
  std::size_t pendingBytes() const override;
  void onDisconnect(std::function<void()> callback) override;
  void onBodyData(std::function<void(std::string_view)> callback, std::function<void()> onBodyEnd) override;

  // Called by the connection, on its strand.
  void deliverBody(std::string_view data);
  void deliverBodyEnd();
  void deliverDisconnect();

 private:
  std::shared_ptr<Connection> connection_;
  std::mutex mutex_;
  std::function<void()> disconnectCallback_;
  std::function<void(std::string_view)> bodyCallback_;
  std::function<void()> bodyEndCallback_;
  std::string earlyBody_;  // body that arrived before the handler asked for it
  bool bodyEnded_ = false;
  bool disconnected_ = false;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const ServerOptions& options, const Handler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

  void start() { readHeader(); }

  // Thread-safe: queue bytes for the socket.
  void send(std::string bytes, bool last) {
    pendingBytes_ += bytes.size();
    net::post(stream_.get_executor(), [self = shared_from_this(), bytes = std::move(bytes), last]() mutable {
      self->outbox_.push_back(std::move(bytes));
      if (last) self->responseComplete_ = true;
      if (self->outbox_.size() == 1) self->writeNext();
    });
  }
  std::size_t pendingBytes() const { return pendingBytes_; }
  bool keepAlive() const { return keepAlive_; }
  void closeAfterResponse() { keepAlive_ = false; }

 private:
  void readHeader() {
    parser_.emplace();
    parser_->header_limit(64 * 1024);
    parser_->body_limit(boost::none);  // enforced below, so streamed bodies have no limit
    stream_.expires_after(idleTimeout);
    beast::http::async_read_header(stream_, buffer_, *parser_,
                                   [self = shared_from_this()](beast::error_code error, std::size_t) {
                                     self->onHeader(error);
                                   });
  }

  void onHeader(beast::error_code error) {
    if (error) return close();
    stream_.expires_never();
    const auto& message = parser_->get();
    request_ = Request{};
    request_.method = std::string(message.method_string());
    request_.target = std::string(message.target());
    for (const auto& field : message) request_.headers.emplace_back(field.name_string(), field.value());
    keepAlive_ = message.keep_alive();
    responseComplete_ = false;
    exchange_ = std::make_shared<ExchangeImpl>(shared_from_this());
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
                                 [self = shared_from_this()](beast::error_code error, std::size_t) {
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
    stream_.async_read_some(net::buffer(piece_), [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return self->close();
      self->watchForDisconnect();
    });
  }

  void writeNext() {
    net::async_write(stream_, net::buffer(outbox_.front()),
                     [self = shared_from_this()](beast::error_code error, std::size_t written) {
                       self->pendingBytes_ -= written;
                       if (error) return self->close();
                       self->outbox_.pop_front();
                       if (!self->outbox_.empty()) return self->writeNext();
                       if (self->responseComplete_) self->onResponseWritten();
                     });
  }

  void onResponseWritten() {
    responseComplete_ = false;
    exchange_.reset();
    if (!keepAlive_ || !parser_->is_done()) return close();
    readHeader();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    if (exchange_) exchange_->deliverDisconnect();
    exchange_.reset();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
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
  bytes += "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n";
  bytes += headerLines(extraHeaders) + "\r\n";
  connection_->send(std::move(bytes), false);
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
        std::make_shared<Connection>(std::move(socket), options, handler)->start();
      }
      accept(acceptor);
    });
  }

  ServerOptions options;
  Handler handler;
  net::io_context io;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::thread> threads;
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { stop(); }

Result<std::uint16_t> Server::listen(const std::string& host, std::uint16_t port) {
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
