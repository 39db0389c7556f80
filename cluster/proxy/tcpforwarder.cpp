#include "proxy/tcpforwarder.h"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/logging.h"

namespace kubelab::proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

namespace {

// Ends a client connection with a reset rather than an orderly close, so that the client sees
// "connection refused/reset" as it would from kube-proxy's REJECT rule, not an empty answer.
void resetConnection(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

// One forwarded connection: the client's socket, the backend's, and a pump each way. A side
// that ends its sending half has that half-close passed on; the connection ends when both
// halves have, or at once when either side fails.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket client, std::shared_ptr<EndpointSelector> selector, std::string servicePort,
          const ForwarderOptions& options, std::atomic<std::size_t>& openConnections)
      : client_(std::move(client)),
        backend_(client_.get_executor()),
        connectTimer_(client_.get_executor()),
        selector_(std::move(selector)),
        servicePort_(std::move(servicePort)),
        connectTimeout_(options.connectTimeout),
        toBackend_(options.bufferBytes),
        toClient_(options.bufferBytes),
        openConnections_(openConnections) {
    ++openConnections_;
  }
  ~Session() { --openConnections_; }

  void start() {
    boost::system::error_code error;
    auto peer = client_.remote_endpoint(error);
    if (error) return;
    clientIp_ = peer.address().to_string();
    connectNext();
  }

 private:
  void connectNext() {
    auto endpoint = selector_->next(clientIp_, EndpointSelector::Clock::now(), tried_);
    if (!endpoint) {
      if (tried_.empty()) {
        log::debug(servicePort_, ": no ready endpoints; rejecting a connection from ", clientIp_);
      } else {
        log::warning(servicePort_, ": every ready endpoint refused a connection from ", clientIp_);
      }
      resetConnection(client_);
      return;
    }
    tried_.push_back(*endpoint);
    boost::system::error_code error;
    auto address = asio::ip::make_address(endpoint->ip, error);
    if (error) {
      log::warning(servicePort_, ": endpoint address ", endpoint->ip, " is not an IP address");
      return connectNext();
    }
    backend_ = tcp::socket(client_.get_executor());
    std::size_t attempt = ++attempts_;
    connectTimer_.expires_after(connectTimeout_);
    // A timer that expired just as the connect succeeded must not close the new connection.
    connectTimer_.async_wait([self = shared_from_this(), attempt](boost::system::error_code timerError) {
      if (!timerError && !self->connected_ && self->attempts_ == attempt) {
        boost::system::error_code ignored;
        self->backend_.close(ignored);  // the pending connect completes with operation_aborted
      }
    });
    backend_.async_connect(tcp::endpoint(address, endpoint->port),
                           [self = shared_from_this(), endpoint = *endpoint](boost::system::error_code connectError) {
                             self->connectTimer_.cancel();
                             if (connectError) {
                               log::debug(self->servicePort_, ": endpoint ", endpoint.toString(),
                                          " did not accept: ", connectError.message(), "; trying the next");
                               boost::system::error_code ignored;
                               self->backend_.close(ignored);
                               return self->connectNext();
                             }
                             self->connected_ = true;
                             self->startPumping();
                           });
  }

  void startPumping() {
    boost::system::error_code ignored;
    client_.set_option(tcp::no_delay(true), ignored);
    backend_.set_option(tcp::no_delay(true), ignored);
    pump(client_, backend_, toBackend_, clientDone_);
    pump(backend_, client_, toClient_, backendDone_);
  }

  void pump(tcp::socket& from, tcp::socket& to, std::vector<char>& buffer, bool& done) {
    from.async_read_some(
        asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer, &done](boost::system::error_code readError,
                                                                                   std::size_t bytes) {
          if (readError) return self->endHalf(readError, to, done);
          asio::async_write(to, asio::buffer(buffer.data(), bytes),
                            [self, &from, &to, &buffer, &done](boost::system::error_code writeError, std::size_t) {
                              if (writeError) return self->closeBoth();
                              self->pump(from, to, buffer, done);
                            });
        });
  }

  void endHalf(boost::system::error_code error, tcp::socket& to, bool& done) {
    if (error != asio::error::eof) return closeBoth();
    boost::system::error_code ignored;
    to.shutdown(tcp::socket::shutdown_send, ignored);
    done = true;
    if (clientDone_ && backendDone_) closeBoth();
  }

  void closeBoth() {
    boost::system::error_code ignored;
    client_.close(ignored);
    backend_.close(ignored);
  }

  tcp::socket client_;
  tcp::socket backend_;
  asio::steady_timer connectTimer_;
  std::shared_ptr<EndpointSelector> selector_;
  std::string servicePort_;
  std::chrono::milliseconds connectTimeout_;
  std::string clientIp_;
  std::vector<Endpoint> tried_;
  std::vector<char> toBackend_;
  std::vector<char> toClient_;
  std::size_t attempts_ = 0;
  bool connected_ = false;
  bool clientDone_ = false;
  bool backendDone_ = false;
  std::atomic<std::size_t>& openConnections_;
};

}  // namespace

// Listeners are managed on one strand (`control`): apply, bind, accept and publishBound run
// there only; assign() posts to it and boundAddresses() reads what it publishes under
// boundMutex. Each forwarded connection runs on a strand of its own, so connections spread over
// the threads. Handlers hold a plain pointer to the Impl: it outlives the threads, and its
// io_context destroys what is still queued.
struct TcpForwarder::Impl {
  struct Listener {
    Listener(const asio::strand<asio::io_context::executor_type>& control, ListenerAssignment wanted)
        : acceptor(control), retryTimer(control), assignment(std::move(wanted)) {}
    tcp::acceptor acceptor;
    asio::steady_timer retryTimer;
    ListenerAssignment assignment;
    bool closed = false;
    bool warnedBindFailure = false;
  };

  explicit Impl(ForwarderOptions forwarderOptions)
      : options(forwarderOptions), control(asio::make_strand(io)), work(asio::make_work_guard(io)) {}

  void apply(std::vector<ListenerAssignment> wanted) {
    std::map<std::string, ListenerAssignment> byAddress;
    for (auto& assignment : wanted) byAddress.emplace(assignment.address.toString(), std::move(assignment));
    for (auto existing = listeners.begin(); existing != listeners.end();) {
      if (byAddress.count(existing->first)) {
        ++existing;
        continue;
      }
      log::info("closing ", existing->second->assignment.address.kind, " ", existing->first, " (",
                existing->second->assignment.servicePort, ")");
      close(*existing->second);
      existing = listeners.erase(existing);
    }
    for (auto& [address, assignment] : byAddress) {
      auto found = listeners.find(address);
      if (found != listeners.end()) {
        // New connections take the new selector; ones being set up keep the one they had.
        found->second->assignment = std::move(assignment);
        continue;
      }
      auto listener = std::make_shared<Listener>(control, std::move(assignment));
      listeners.emplace(address, listener);
      bind(listener);
    }
  }

  void close(Listener& listener) {
    listener.closed = true;
    boost::system::error_code ignored;
    listener.retryTimer.cancel();
    listener.acceptor.close(ignored);
    publishBound();
  }

  void bind(const std::shared_ptr<Listener>& listener) {
    const ListenAddress& address = listener->assignment.address;
    boost::system::error_code error;
    auto ip = asio::ip::make_address(address.ip, error);
    if (!error) {
      tcp::endpoint endpoint(ip, address.port);
      listener->acceptor.open(endpoint.protocol(), error);
      if (!error) listener->acceptor.set_option(tcp::acceptor::reuse_address(true), error);
      if (!error) listener->acceptor.set_option(ReusePort(true), error);
      if (!error) listener->acceptor.bind(endpoint, error);
      if (!error) listener->acceptor.listen(asio::socket_base::max_listen_connections, error);
    }
    if (error) {
      boost::system::error_code ignored;
      listener->acceptor.close(ignored);
      // Logged once per listener, then retried quietly, so a taken port does not flood the log.
      if (!listener->warnedBindFailure) {
        log::warning("cannot listen on ", address.kind, " ", address.toString(), " for ",
                     listener->assignment.servicePort, ": ", error.message(), "; retrying every ",
                     options.bindRetryInterval.count(), " ms");
        listener->warnedBindFailure = true;
      }
      listener->retryTimer.expires_after(options.bindRetryInterval);
      listener->retryTimer.async_wait([self = this, listener](boost::system::error_code timerError) {
        if (!timerError && !listener->closed) self->bind(listener);
      });
      return;
    }
    log::info("listening on ", address.kind, " ", address.toString(), " for ", listener->assignment.servicePort);
    publishBound();
    accept(listener);
  }

  void accept(const std::shared_ptr<Listener>& listener) {
    // Each accepted socket gets a strand of its own for its session.
    listener->acceptor.async_accept(asio::make_strand(io), [self = this, listener](boost::system::error_code error,
                                                                                   tcp::socket client) {
      if (listener->closed || error == asio::error::operation_aborted) return;
      if (error) {
        // Out of descriptors or a connection that died in the queue: pause briefly, keep going.
        log::warning("accepting on ", listener->assignment.address.toString(), ": ", error.message());
        listener->retryTimer.expires_after(std::chrono::milliseconds(50));
        listener->retryTimer.async_wait([self, listener](boost::system::error_code timerError) {
          if (!timerError && !listener->closed) self->accept(listener);
        });
        return;
      }
      const auto& assignment = listener->assignment;
      if (!assignment.selector || assignment.selector->empty()) {
        resetConnection(client);
      } else {
        std::make_shared<Session>(std::move(client), assignment.selector, assignment.servicePort, self->options,
                                  self->openConnections)
            ->start();
      }
      self->accept(listener);
    });
  }

  void publishBound() {
    std::set<std::string> now;
    for (const auto& [address, listener] : listeners) {
      if (listener->acceptor.is_open()) now.insert(address);
    }
    std::lock_guard lock(boundMutex);
    bound = std::move(now);
  }

  ForwarderOptions options;
  // Before io: sessions still queued in io's handlers count themselves down as io is destroyed.
  std::atomic<std::size_t> openConnections{0};
  asio::io_context io;
  asio::strand<asio::io_context::executor_type> control;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::map<std::string, std::shared_ptr<Listener>> listeners;
  std::vector<std::thread> threads;
  mutable std::mutex boundMutex;
  std::set<std::string> bound;
};

TcpForwarder::TcpForwarder(ForwarderOptions options) : impl_(std::make_unique<Impl>(options)) {}

TcpForwarder::~TcpForwarder() { stop(); }

void TcpForwarder::start() {
  if (!impl_->threads.empty()) return;
  for (std::size_t index = 0; index < std::max<std::size_t>(impl_->options.threads, 1); ++index) {
    impl_->threads.emplace_back([impl = impl_.get()] { impl->io.run(); });
  }
}

void TcpForwarder::stop() {
  if (impl_->threads.empty()) return;
  impl_->io.stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  for (auto& [address, listener] : impl_->listeners) impl_->close(*listener);
  impl_->listeners.clear();
  // Forwarded connections end when their pending handlers are destroyed, with the Impl.
}

void TcpForwarder::assign(std::vector<ListenerAssignment> listeners) {
  asio::post(impl_->control, [impl = impl_.get(), listeners = std::move(listeners)]() mutable { impl->apply(std::move(listeners)); });
}

std::vector<std::string> TcpForwarder::boundAddresses() const {
  std::lock_guard lock(impl_->boundMutex);
  return {impl_->bound.begin(), impl_->bound.end()};
}

std::size_t TcpForwarder::openConnections() const { return impl_->openConnections.load(); }

}  // namespace kubelab::proxy
