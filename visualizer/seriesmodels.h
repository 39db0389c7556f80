#pragma once
// What the charts plot, as bounded histories kept apart from any chart: each ReplicaSet's ready
// replicas during a Deployment's rollout, and pods by phase. They follow the cluster model's
// signals (so tests feed them synthetic changes) and keep only the last `window` of points;
// the charts dock reads them at most once a second.

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

#include "clustermodel.h"

namespace kubelab::visualizer {

struct SeriesPoint {
  qint64 msecs = 0;  // since the epoch
  double value = 0;
  bool operator==(const SeriesPoint&) const = default;
};

// Named series of (time, value) points, each the value from that time on; bounded in time.
class SeriesHistory {
 public:
  static constexpr qint64 kDefaultWindowMsecs = 10 * 60 * 1000;

  explicit SeriesHistory(qint64 windowMsecs = kDefaultWindowMsecs) : windowMsecs_(windowMsecs) {}

  // A value equal to the series' last one is not stored again unless `always`.
  void append(const QString& name, qint64 msecs, double value, bool always = false);
  // Forgets points older than the window before `nowMsecs`, keeping each series' value at its start.
  void trim(qint64 nowMsecs);
  void clear() { series_.clear(); order_.clear(); }
  QStringList names() const { return order_; }
  QList<SeriesPoint> points(const QString& name) const { return series_.value(name); }
  std::optional<double> last(const QString& name) const;
  qint64 windowMsecs() const { return windowMsecs_; }

 private:
  qint64 windowMsecs_;
  QHash<QString, QList<SeriesPoint>> series_;
  QStringList order_;
};

using Clock = std::function<qint64()>;
Clock systemClock();

// Ready replicas of each ReplicaSet of one Deployment over time: the one chosen with
// setDeployment, else the Deployment that changed last (a rollout changes it first).
class RolloutSeries : public QObject {
  Q_OBJECT

 public:
  explicit RolloutSeries(ClusterModel* model, Clock clock = systemClock(), QObject* parent = nullptr);

  // "<namespace>/<name>"; empty follows the most recently changed Deployment again.
  void setDeployment(const QString& key);
  QString deployment() const { return pinned_.isEmpty() ? latest_ : pinned_; }
  // The Deployment's ReplicaSets (keys), oldest revision first, those seen in the window included.
  QStringList replicaSets() const;
  QList<SeriesPoint> readyPoints(const QString& replicaSetKey) const { return history_.points(replicaSetKey); }
  QString revision(const QString& replicaSetKey) const { return revisions_.value(replicaSetKey); }
  void trim() { history_.trim(clock_()); }

 signals:
  void deploymentChanged(const QString& key);

 private:
  void recordReplicaSet(const WorkloadView& replicaSet, int ready);
  void noteDeployment(const WorkloadView& deployment);

  ClusterModel* model_;
  Clock clock_;
  SeriesHistory history_;
  QHash<QString, QString> owners_;  // ReplicaSet key -> Deployment key
  QHash<QString, QString> revisions_;
  QString latest_;
  QString pinned_;
};

// Pods by what their chip shows (Pending, Running, Succeeded, Failed, Unknown, Terminating).
class PodPhaseSeries : public QObject {
  Q_OBJECT

 public:
  explicit PodPhaseSeries(ClusterModel* model, Clock clock = systemClock(), QObject* parent = nullptr);

  static QStringList phases();  // untranslated, in stacking order
  QList<SeriesPoint> points(const QString& phase) const { return history_.points(phase); }
  void sample();
  void trim() { history_.trim(clock_()); }

 private:
  ClusterModel* model_;
  Clock clock_;
  SeriesHistory history_;
};

// The value of a step series at `msecs` (0 before its first point).
double valueAt(const QList<SeriesPoint>& points, qint64 msecs);

}  // namespace kubelab::visualizer
