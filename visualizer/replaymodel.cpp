#include "replaymodel.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace kubelab::visualizer {

// The reader thread and what passes between it and the GUI thread, under one mutex.
struct ReplayModel::Reader {
  struct Answer {
    qint64 msecs = 0;
    std::vector<ObjectChange> state;
  };

  std::mutex mutex;
  std::condition_variable wake;
  // Asked for: only the latest moment waits.
  std::optional<qint64> wantedAt;
  bool rangeWanted = false;
  bool stopping = false;
  // Read, not yet taken by the GUI thread: a newer answer replaces an older one.
  std::optional<Answer> answer;
  std::optional<std::pair<qint64, qint64>> range;
  bool answerPosted = false;  // takeAnswers() is on its way
  std::thread thread;

  void run(const QString& path, ReplayModel* owner) {
    ChangeLog log(path);  // QtSql: this thread's own connection, used only here
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [this] { return stopping || wantedAt || rangeWanted; });
      if (stopping) return;
      std::optional<qint64> at = std::exchange(wantedAt, std::nullopt);
      bool readRange = std::exchange(rangeWanted, false);
      lock.unlock();
      std::optional<std::pair<qint64, qint64>> readTimes;
      if (readRange) readTimes = log.timeRange();
      std::optional<Answer> read;
      if (at) read = Answer{*at, log.stateAt(*at)};
      lock.lock();
      if (readTimes) range = readTimes;
      if (read) answer = std::move(read);
      if (!std::exchange(answerPosted, true)) {
        // Queued to the owner's thread; the owner joins this thread before it goes, and Qt
        // drops events posted to an object that is deleted.
        QMetaObject::invokeMethod(owner, [owner] { owner->takeAnswers(); }, Qt::QueuedConnection);
      }
    }
  }
};

ReplayModel::ReplayModel(const QString& path, QObject* parent) : QObject(parent), reader_(std::make_unique<Reader>()) {
  reader_->thread = std::thread([reader = reader_.get(), path, this] { reader->run(path, this); });
}

ReplayModel::~ReplayModel() {
  {
    std::lock_guard lock(reader_->mutex);
    reader_->stopping = true;
  }
  reader_->wake.notify_all();
  reader_->thread.join();
}

void ReplayModel::showAt(qint64 msecs) {
  requestedAt_ = msecs;
  {
    std::lock_guard lock(reader_->mutex);
    reader_->wantedAt = msecs;
  }
  reader_->wake.notify_all();
}

void ReplayModel::refreshRange() {
  {
    std::lock_guard lock(reader_->mutex);
    reader_->rangeWanted = true;
  }
  reader_->wake.notify_all();
}

void ReplayModel::takeAnswers() {
  std::optional<Reader::Answer> answer;
  std::optional<std::pair<qint64, qint64>> range;
  {
    std::lock_guard lock(reader_->mutex);
    answer = std::exchange(reader_->answer, std::nullopt);
    range = std::exchange(reader_->range, std::nullopt);
    reader_->answerPosted = false;
  }
  if (range) {
    range_ = *range;
    emit rangeRead(range_.first, range_.second);
  }
  if (answer) {
    apply(answer->msecs, std::move(answer->state));
    emit shown(answer->msecs);
  }
}

void ReplayModel::apply(qint64 msecs, std::vector<ObjectChange> state) {
  shownAt_ = msecs;
  QSet<QPair<int, QString>> now;
  for (ObjectChange& change : state) {
    now.insert({static_cast<int>(change.kind), QString::fromStdString(change.key)});
    model_.enqueue(std::move(change));
  }
  for (const auto& entry : std::as_const(shown_)) {
    if (now.contains(entry)) continue;
    auto kind = static_cast<ResourceKind>(entry.first);
    ObjectPointer last = model_.object(kind, entry.second);
    if (!last) continue;
    model_.enqueue(ObjectChange{kind, true, entry.second.toStdString(), last});
  }
  shown_ = std::move(now);
  model_.flushNow();
}

}  // namespace kubelab::visualizer
