#include "logfollower.h"

#include <QCoreApplication>
#include <QPointer>
#include <QStringDecoder>

#include <mutex>

#include "backgroundwork.h"

namespace kubelab::app {

struct LogFollower::Shared {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  QString pending;        // decoded text the GUI thread has not taken yet
  bool notified = false;  // a notification is on its way to the GUI thread
};

namespace {

// Keeps the last `limit` characters, from a line's start.
void dropOldest(QString& text, qsizetype limit) {
  if (text.size() <= limit) return;
  qsizetype cut = text.indexOf(QLatin1Char('\n'), text.size() - limit);
  text.remove(0, cut < 0 ? text.size() - limit : cut + 1);
}

}  // namespace

LogFollower::LogFollower(std::shared_ptr<LogSource> source, LogRequest request, QObject* parent)
    : QObject(parent), shared_(std::make_shared<Shared>()) {
  cooldown_.setSingleShot(true);
  cooldown_.setInterval(kBatchInterval);
  connect(&cooldown_, &QTimer::timeout, this, [this] {
    if (!takeWhenCool_) return;
    takeWhenCool_ = false;
    takePending();
    cooldown_.start();
  });
  QPointer<LogFollower> guard(this);
  // Everything posted goes through the application object and checks the guard there, on the
  // GUI thread: the follower may be gone by the time it arrives.
  auto post = [guard](auto call) {
    QMetaObject::invokeMethod(QCoreApplication::instance(), [guard, call] {
      if (guard) call(guard.data());
    });
  };
  runInBackground([shared = shared_, source = std::move(source), request = std::move(request), post] {
    QStringDecoder decoder(QStringDecoder::Utf8);
    bool open = false;
    auto onData = [&](std::string_view bytes) {
      if (!open) {
        open = true;
        post([](LogFollower* follower) { emit follower->opened(); });
      }
      if (bytes.empty()) return;
      QString text = decoder.decode(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
      bool notify = false;
      {
        std::lock_guard lock(shared->mutex);
        shared->pending += text;
        dropOldest(shared->pending, kMaxPendingChars);
        notify = !std::exchange(shared->notified, true);
      }
      if (notify) post([](LogFollower* follower) { follower->onNotified(); });
    };
    LogStreamEnd end = source->follow(request, onData, shared->stop);
    post([end](LogFollower* follower) { follower->finish(end); });
  });
}

LogFollower::~LogFollower() { stop(); }

void LogFollower::stop() {
  stopped_ = true;
  shared_->stop = true;
  cooldown_.stop();
}

void LogFollower::onNotified() {
  if (stopped_) return;
  if (cooldown_.isActive()) {
    takeWhenCool_ = true;
    return;
  }
  takePending();
  cooldown_.start();
}

void LogFollower::takePending() {
  QString text;
  {
    std::lock_guard lock(shared_->mutex);
    text.swap(shared_->pending);
    shared_->notified = false;
  }
  if (!text.isEmpty()) emit textArrived(text);
}

void LogFollower::finish(const LogStreamEnd& end) {
  if (stopped_) return;
  cooldown_.stop();
  takeWhenCool_ = false;
  takePending();
  stopped_ = true;
  emit ended(end);
}

}  // namespace kubelab::app
