#include "seriesmodels.h"

#include <QDateTime>

#include <algorithm>

namespace kubelab::visualizer {

void SeriesHistory::append(const QString& name, qint64 msecs, double value, bool always) {
  auto it = series_.find(name);
  if (it == series_.end()) {
    it = series_.insert(name, {});
    order_.append(name);
  }
  if (!always && !it->isEmpty() && it->constLast().value == value) return;
  it->append({msecs, value});
}

void SeriesHistory::trim(qint64 nowMsecs) {
  qint64 cutoff = nowMsecs - windowMsecs_;
  for (auto it = series_.begin(); it != series_.end(); ++it) {
    QList<SeriesPoint>& points = *it;
    qsizetype drop = 0;
    while (drop + 1 < points.size() && points[drop + 1].msecs <= cutoff) ++drop;
    if (drop > 0) points.remove(0, drop);
    if (!points.isEmpty() && points.first().msecs < cutoff) points.first().msecs = cutoff;
  }
}

std::optional<double> SeriesHistory::last(const QString& name) const {
  auto it = series_.constFind(name);
  if (it == series_.constEnd() || it->isEmpty()) return std::nullopt;
  return it->constLast().value;
}

Clock systemClock() {
  return [] { return QDateTime::currentMSecsSinceEpoch(); };
}

double valueAt(const QList<SeriesPoint>& points, qint64 msecs) {
  double value = 0;
  for (const SeriesPoint& point : points) {
    if (point.msecs > msecs) break;
    value = point.value;
  }
  return value;
}

namespace {

QString deploymentKey(const WorkloadView& replicaSet) {
  if (replicaSet.ownerKind != QLatin1String("Deployment") || replicaSet.ownerName.isEmpty()) return {};
  return replicaSet.ns + QLatin1Char('/') + replicaSet.ownerName;
}

}  // namespace

RolloutSeries::RolloutSeries(ClusterModel* model, Clock clock, QObject* parent)
    : QObject(parent), model_(model), clock_(std::move(clock)) {
  for (const WorkloadView& deployment : model_->workloads(ResourceKind::Deployment)) noteDeployment(deployment);
  for (const WorkloadView& replicaSet : model_->workloads(ResourceKind::ReplicaSet))
    recordReplicaSet(replicaSet, replicaSet.ready);
  auto added = [this](const WorkloadView& workload) {
    if (workload.kind == QLatin1String("ReplicaSet")) recordReplicaSet(workload, workload.ready);
    if (workload.kind == QLatin1String("Deployment")) noteDeployment(workload);
  };
  connect(model_, &ClusterModel::workloadAdded, this, added);
  connect(model_, &ClusterModel::workloadChanged, this,
          [added](const WorkloadView&, const WorkloadView& now) { added(now); });
  connect(model_, &ClusterModel::workloadRemoved, this, [this](const WorkloadView& workload) {
    if (workload.kind == QLatin1String("ReplicaSet")) recordReplicaSet(workload, 0);
  });
  connect(model_, &ClusterModel::cleared, this, [this] {
    history_.clear();
    owners_.clear();
    revisions_.clear();
    latest_.clear();
  });
}

void RolloutSeries::recordReplicaSet(const WorkloadView& replicaSet, int ready) {
  QString owner = deploymentKey(replicaSet);
  if (owner.isEmpty()) return;
  owners_.insert(replicaSet.key, owner);
  if (!replicaSet.revision.isEmpty()) revisions_.insert(replicaSet.key, replicaSet.revision);
  // A ReplicaSet's line starts at zero when it is created during the window.
  if (history_.points(replicaSet.key).isEmpty() && ready > 0 && model_->hasSynced())
    history_.append(replicaSet.key, clock_(), 0, true);
  history_.append(replicaSet.key, clock_(), ready);
}

void RolloutSeries::noteDeployment(const WorkloadView& deployment) {
  if (latest_ == deployment.key) return;
  latest_ = deployment.key;
  if (pinned_.isEmpty()) emit deploymentChanged(deployment.key);
}

void RolloutSeries::setDeployment(const QString& key) {
  if (pinned_ == key) return;
  pinned_ = key;
  emit deploymentChanged(deployment());
}

QStringList RolloutSeries::replicaSets() const {
  QString target = deployment();
  QStringList keys;
  for (auto it = owners_.constBegin(); it != owners_.constEnd(); ++it) {
    if (it.value() == target) keys.append(it.key());
  }
  std::sort(keys.begin(), keys.end(), [this](const QString& a, const QString& b) {
    qlonglong ra = revisions_.value(a).toLongLong();
    qlonglong rb = revisions_.value(b).toLongLong();
    return ra != rb ? ra < rb : a < b;
  });
  return keys;
}

PodPhaseSeries::PodPhaseSeries(ClusterModel* model, Clock clock, QObject* parent)
    : QObject(parent), model_(model), clock_(std::move(clock)) {
  connect(model_, &ClusterModel::batchApplied, this, &PodPhaseSeries::sample);
  connect(model_, &ClusterModel::cleared, this, [this] { history_.clear(); });
  sample();
}

QStringList PodPhaseSeries::phases() {
  return {QStringLiteral("Running"), QStringLiteral("Pending"), QStringLiteral("Terminating"),
          QStringLiteral("Succeeded"), QStringLiteral("Failed"), QStringLiteral("Unknown")};
}

void PodPhaseSeries::sample() {
  QHash<QString, int> counts;
  for (const PodView& pod : model_->pods()) ++counts[podDisplayStateName(pod.displayState())];
  qint64 now = clock_();
  for (const QString& phase : phases()) history_.append(phase, now, counts.value(phase));
}

}  // namespace kubelab::visualizer
