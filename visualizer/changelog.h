#pragma once
// Time travel. ChangeLog is the SQLite recording of what the model saw: one row per object
// change (time, kind, namespace, name, uid, deleted, the JSON), plus a reset row whenever the
// model starts over (a new source relists everything). ChangeRecorder writes the model's
// batches on its own thread, in transactions, and keeps the recording bounded. ReplayModel
// (replaymodel.h) rebuilds a separate ClusterModel as it was at any moment.

#include <QObject>
#include <QPointer>
#include <QString>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "clustermodel.h"

namespace kubelab::visualizer {

// One connection to a recording; use it on the thread that made it (QtSql's rule).
class ChangeLog {
 public:
  explicit ChangeLog(const QString& path);
  ~ChangeLog();
  ChangeLog(const ChangeLog&) = delete;
  ChangeLog& operator=(const ChangeLog&) = delete;

  bool isOpen() const { return open_; }
  QString errorString() const { return error_; }

  // In one transaction.
  bool append(qint64 msecs, const std::vector<ObjectChange>& changes);
  bool appendReset(qint64 msecs);
  // The first and last recorded times; {0, 0} when nothing is recorded.
  std::pair<qint64, qint64> timeRange() const;
  // Every object as it was at `msecs`: each one's last change at or before then, since the
  // reset before then, deleted ones left out.
  std::vector<ObjectChange> stateAt(qint64 msecs) const;
  // Forgets changes before `cutoff` except what stateAt(cutoff) still needs.
  void trimBefore(qint64 cutoff);
  qint64 rowCount() const;

 private:
  QString connection_;
  bool open_ = false;
  QString error_;
};

class ChangeRecorder : public QObject {
  Q_OBJECT

 public:
  static constexpr qint64 kKeepMsecs = 60 * 60 * 1000;  // one hour
  static constexpr int kWriteIntervalMsecs = 500;

  // Records `model`'s batches into the SQLite file at `path` until destroyed.
  ChangeRecorder(ClusterModel* model, const QString& path, qint64 keepMsecs = kKeepMsecs, QObject* parent = nullptr);
  ~ChangeRecorder() override;

  QString path() const { return path_; }
  // Blocks until everything recorded so far is written (tests, and before reading the file).
  void waitForWritten();
  // Where a cluster's recording lives: <AppDataLocation>/recordings/<cluster>.sqlite.
  static QString defaultPath(const QString& clusterName);

 private:
  struct Batch {
    qint64 msecs = 0;
    bool reset = false;
    std::vector<ObjectChange> changes;
  };
  void enqueue(Batch batch);
  void run();

  QPointer<ClusterModel> model_;  // the window may delete the model first
  QString path_;
  qint64 keepMsecs_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable written_;
  std::deque<Batch> queue_;
  std::uint64_t queued_ = 0;
  std::uint64_t done_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace kubelab::visualizer
