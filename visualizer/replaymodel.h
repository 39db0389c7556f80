#pragma once
// Replaying a recording (changelog.h) without reading it on the GUI thread. ReplayModel owns a
// ClusterModel (and so any ClusterScene on it) that becomes what the cluster was at a chosen
// moment. The SQLite reads run on a reader thread of its own with its own connection; a
// request replaces any request still waiting there, so dragging a slider asks for the latest
// moment rather than queueing a read per pixel, and answers wait in one slot for the GUI
// thread, which applies the newest and drops any it has not got to.

#include <QObject>
#include <QSet>
#include <QString>

#include <memory>
#include <utility>
#include <vector>

#include "changelog.h"
#include "clustermodel.h"

namespace kubelab::visualizer {

class ReplayModel : public QObject {
  Q_OBJECT

 public:
  explicit ReplayModel(const QString& path, QObject* parent = nullptr);
  // Waits for a read in progress (one query) and closes the reader's connection.
  ~ReplayModel() override;

  ClusterModel* model() { return &model_; }

  // Asks for the model as it was at `msecs`; returns at once. The model changes on this
  // thread when the answer comes, then shown(msecs).
  void showAt(qint64 msecs);
  // The moment last asked for, and the one the model shows (0 before the first answer).
  qint64 requestedAt() const { return requestedAt_; }
  qint64 shownAt() const { return shownAt_; }

  // Asks for the recording's first and last times again; rangeRead follows.
  void refreshRange();
  // As last read; {0, 0} before the first answer or while nothing is recorded.
  std::pair<qint64, qint64> timeRange() const { return range_; }

 signals:
  void shown(qint64 msecs);
  void rangeRead(qint64 first, qint64 last);

 private:
  struct Reader;
  void takeAnswers();
  void apply(qint64 msecs, std::vector<ObjectChange> state);

  ClusterModel model_;
  std::unique_ptr<Reader> reader_;
  QSet<QPair<int, QString>> shown_;
  qint64 requestedAt_ = 0;
  qint64 shownAt_ = 0;
  std::pair<qint64, qint64> range_{0, 0};
};

}  // namespace kubelab::visualizer
