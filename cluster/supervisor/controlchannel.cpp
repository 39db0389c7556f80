#include "supervisor/controlchannel.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>

#include <boost/json.hpp>

#include "common/logging.h"

namespace kubelab::supervisor {

namespace json = boost::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxMessageSize = 1 << 20;
constexpr std::chrono::seconds kRequestReadTimeout{10};

// A file descriptor closed on scope exit.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : fd_(fd) {}
  ~Descriptor() { reset(); }
  Descriptor(Descriptor&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Descriptor& operator=(Descriptor&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.fd_;
      other.fd_ = -1;
    }
    return *this;
  }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::string systemError(const std::string& what) { return what + ": " + std::strerror(errno); }

// sockaddr_un holds about 107 bytes of path. A longer path (a deep $HOME) is reached through
// its directory opened as /proc/self/fd/N, which Linux resolves for bind and connect alike.
struct SocketAddress {
  sockaddr_un address{};
  Descriptor directory;
};

Result<SocketAddress> socketAddress(const fs::path& socket) {
  SocketAddress result;
  result.address.sun_family = AF_UNIX;
  std::string path = socket.string();
  if (path.size() >= sizeof(result.address.sun_path)) {
    result.directory = Descriptor(::open(socket.parent_path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (result.directory.get() < 0) return unavailable(systemError("cannot open " + socket.parent_path().string()));
    path = "/proc/self/fd/" + std::to_string(result.directory.get()) + "/" + socket.filename().string();
    if (path.size() >= sizeof(result.address.sun_path)) return invalid("socket name too long: " + socket.string());
  }
  std::memcpy(result.address.sun_path, path.c_str(), path.size() + 1);
  return result;
}

// Waits until `fd` is ready for `events` or the deadline passes.
bool waitFor(int fd, short events, Clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd entry{fd, events, 0};
    int ready = ::poll(&entry, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

// Reads up to the first newline (or the end of the stream).
Result<std::string> readLine(int fd, Clock::time_point deadline) {
  std::string data;
  char buffer[4096];
  while (data.find('\n') == std::string::npos) {
    if (!waitFor(fd, POLLIN, deadline)) return Status(StatusCode::DeadlineExceeded, "no answer in time");
    ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return unavailable(systemError("read"));
    if (count == 0) break;
    data.append(buffer, static_cast<std::size_t>(count));
    if (data.size() > kMaxMessageSize) return invalid("message larger than 1 MiB");
  }
  if (std::size_t newline = data.find('\n'); newline != std::string::npos) data.resize(newline);
  return data;
}

Status writeAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t count = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return unavailable(systemError("write"));
    data.remove_prefix(static_cast<std::size_t>(count));
  }
  return Status::ok();
}

Result<json::object> parseObject(std::string_view text) {
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  if (error || !value.is_object()) return invalid("not a JSON object: " + std::string(text.substr(0, 200)));
  return value.as_object();
}

}  // namespace

json::object okAnswer(std::string message) { return json::object{{"ok", true}, {"message", std::move(message)}}; }

json::object errorAnswer(const Status& status) {
  return json::object{{"ok", false}, {"code", statusCodeName(status.code())}, {"message", status.message()}};
}

StatusCode statusCodeFromName(std::string_view name) {
  for (StatusCode code : {StatusCode::NotFound, StatusCode::AlreadyExists, StatusCode::Conflict, StatusCode::Invalid,
                          StatusCode::BadRequest, StatusCode::Forbidden, StatusCode::Unauthorized, StatusCode::Gone,
                          StatusCode::OutOfRange, StatusCode::TooLarge, StatusCode::Unavailable,
                          StatusCode::DeadlineExceeded, StatusCode::Internal}) {
    if (name == statusCodeName(code)) return code;
  }
  return StatusCode::Internal;
}

Result<json::object> answerResult(const json::object& answer) {
  const json::value* ok = answer.if_contains("ok");
  if (ok != nullptr && ok->is_bool() && ok->as_bool()) return answer;
  const json::value* code = answer.if_contains("code");
  const json::value* message = answer.if_contains("message");
  return Status(statusCodeFromName(code && code->is_string() ? std::string_view(code->as_string()) : ""),
                message && message->is_string() ? std::string(message->as_string()) : "the supervisor said no");
}

struct ControlServer::Impl {
  struct Connection {
    std::thread thread;
    std::atomic<bool> done{false};
  };

  fs::path socket;
  Handler handler;
  Descriptor listener;
  Descriptor wakeRead, wakeWrite;  // a pipe that ends the accept loop
  std::thread acceptor;
  std::mutex connectionsMutex;
  std::list<Connection> connections;
  std::atomic<bool> stopped{false};

  void acceptLoop() {
    while (true) {
      pollfd entries[2] = {{listener.get(), POLLIN, 0}, {wakeRead.get(), POLLIN, 0}};
      if (::poll(entries, 2, -1) < 0) {
        if (errno == EINTR) continue;
        log::error(systemError("control socket poll"));
        return;
      }
      if (entries[1].revents != 0) return;
      Descriptor client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
      if (client.get() < 0) continue;
      std::lock_guard lock(connectionsMutex);
      connections.remove_if([](Connection& connection) {
        if (!connection.done) return false;
        connection.thread.join();
        return true;
      });
      Connection& connection = connections.emplace_back();
      connection.thread = std::thread([this, &connection, fd = std::move(client)]() mutable {
        serve(fd.get());
        connection.done = true;
      });
    }
  }

  void serve(int fd) {
    json::object answer;
    Result<std::string> line = readLine(fd, Clock::now() + kRequestReadTimeout);
    Result<json::object> request = line ? parseObject(*line) : Result<json::object>(line.status());
    if (!request) {
      answer = errorAnswer(badRequest("bad control request: " + request.status().message()));
    } else {
      try {
        answer = handler(*request);
      } catch (const std::exception& error) {
        answer = errorAnswer(internalError(std::string("the supervisor failed: ") + error.what()));
      }
    }
    (void)writeAll(fd, json::serialize(answer) + "\n");
  }
};

ControlServer::ControlServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<ControlServer>> ControlServer::listen(const fs::path& socket, Handler handler) {
  auto impl = std::make_unique<Impl>();
  impl->socket = socket;
  impl->handler = std::move(handler);
  Result<SocketAddress> address = socketAddress(socket);
  if (!address) return address.status();
  impl->listener = Descriptor(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (impl->listener.get() < 0) return unavailable(systemError("socket"));
  ::unlink(address->address.sun_path);
  // Made 0600 from the start, not chmod-ed after: nobody else may connect even for an instant.
  mode_t previous = ::umask(0177);
  int bound = ::bind(impl->listener.get(), reinterpret_cast<const sockaddr*>(&address->address), sizeof(sockaddr_un));
  ::umask(previous);
  if (bound != 0) return unavailable(systemError("cannot bind " + socket.string()));
  if (::listen(impl->listener.get(), 16) != 0) return unavailable(systemError("listen on " + socket.string()));
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0) return unavailable(systemError("pipe"));
  impl->wakeRead = Descriptor(pipeFds[0]);
  impl->wakeWrite = Descriptor(pipeFds[1]);
  Impl* raw = impl.get();
  impl->acceptor = std::thread([raw] { raw->acceptLoop(); });
  return std::unique_ptr<ControlServer>(new ControlServer(std::move(impl)));
}

ControlServer::~ControlServer() { stop(); }

void ControlServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  (void)!::write(impl_->wakeWrite.get(), "x", 1);
  if (impl_->acceptor.joinable()) impl_->acceptor.join();
  impl_->listener.reset();
  std::error_code ignored;
  fs::remove(impl_->socket, ignored);
  std::lock_guard lock(impl_->connectionsMutex);
  for (Impl::Connection& connection : impl_->connections) connection.thread.join();
  impl_->connections.clear();
}

Result<json::object> callControl(const fs::path& socket, const json::object& request,
                                 std::chrono::milliseconds timeout) {
  Result<SocketAddress> address = socketAddress(socket);
  if (!address) return address.status();
  Descriptor fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return unavailable(systemError("socket"));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address->address), sizeof(sockaddr_un)) != 0) {
    return unavailable("the cluster's supervisor does not answer at " + socket.string() + " (" +
                       std::strerror(errno) + "); is the cluster running? `kubelabctl up` starts it");
  }
  KUBELAB_RETURN_IF_ERROR(writeAll(fd.get(), json::serialize(request) + "\n"));
  ::shutdown(fd.get(), SHUT_WR);
  Result<std::string> line = readLine(fd.get(), Clock::now() + timeout);
  if (!line) return line.status();
  if (line->empty()) return unavailable("the supervisor closed the connection without answering");
  return parseObject(*line);
}

}  // namespace kubelab::supervisor
