#include "rolloutarithmetic.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>

namespace kubelab::visualizer {

namespace json = boost::json;

namespace {

QString scalarAt(const json::object& object, std::initializer_list<const char*> path) {
  const json::object* current = &object;
  const json::value* value = nullptr;
  for (const char* step : path) {
    if (!current) return {};
    value = current->if_contains(step);
    if (!value) return {};
    current = value->if_object();
  }
  if (value->is_string()) return QString::fromStdString(std::string(value->get_string()));
  if (value->is_int64()) return QString::number(value->get_int64());
  if (value->is_uint64()) return QString::number(value->get_uint64());
  return {};
}

int intAt(const json::object& object, std::initializer_list<const char*> path, int fallback = 0) {
  bool ok = false;
  int value = scalarAt(object, path).toInt(&ok);
  return ok ? value : fallback;
}

}  // namespace

int scaledIntOrPercent(const QString& value, int total, bool roundUp) {
  QString text = value.trimmed();
  if (text.endsWith(QLatin1Char('%'))) {
    int percent = text.chopped(1).toInt();
    // Integer arithmetic, as Kubernetes does, so 25% of 10 is exactly 2.5 before rounding.
    long long scaled = static_cast<long long>(percent) * total;
    return static_cast<int>(roundUp ? (scaled + 99) / 100 : scaled / 100);
  }
  return text.toInt();
}

RolloutArithmetic rolloutArithmetic(int replicas, const QString& maxSurge, const QString& maxUnavailable) {
  RolloutArithmetic result;
  result.replicas = replicas;
  result.maxSurgeSpec = maxSurge.isEmpty() ? QStringLiteral("25%") : maxSurge;
  result.maxUnavailableSpec = maxUnavailable.isEmpty() ? QStringLiteral("25%") : maxUnavailable;
  result.maxSurge = scaledIntOrPercent(result.maxSurgeSpec, replicas, true);
  result.maxUnavailable = scaledIntOrPercent(result.maxUnavailableSpec, replicas, false);
  if (result.maxSurge == 0 && result.maxUnavailable == 0) result.maxUnavailable = 1;
  result.maxPods = replicas + result.maxSurge;
  result.minAvailable = std::max(0, replicas - result.maxUnavailable);
  return result;
}

RolloutArithmetic rolloutArithmetic(const json::object& deployment,
                                    const std::vector<std::shared_ptr<const json::object>>& replicaSets) {
  RolloutArithmetic result =
      rolloutArithmetic(intAt(deployment, {"spec", "replicas"}, 1),
                        scalarAt(deployment, {"spec", "strategy", "rollingUpdate", "maxSurge"}),
                        scalarAt(deployment, {"spec", "strategy", "rollingUpdate", "maxUnavailable"}));
  QString strategy = scalarAt(deployment, {"spec", "strategy", "type"});
  result.rollingUpdate = strategy.isEmpty() || strategy == QLatin1String("RollingUpdate");
  int newestRevision = -1;
  const json::object* newest = nullptr;
  for (const auto& replicaSet : replicaSets) {
    if (!replicaSet) continue;
    result.currentPods += intAt(*replicaSet, {"status", "replicas"});
    result.availablePods += intAt(*replicaSet, {"status", "availableReplicas"});
    int revision = intAt(*replicaSet, {"metadata", "annotations", "deployment.kubernetes.io/revision"});
    if (revision > newestRevision) {
      newestRevision = revision;
      newest = replicaSet.get();
    }
  }
  for (const auto& replicaSet : replicaSets) {
    if (replicaSet && replicaSet.get() != newest && intAt(*replicaSet, {"status", "replicas"}) > 0) {
      ++result.oldReplicaSets;
    }
  }
  if (newest) result.updatedPods = intAt(*newest, {"status", "replicas"});
  return result;
}

QString RolloutText::explain(const RolloutArithmetic& a) {
  if (!a.rollingUpdate) {
    return tr("Strategy Recreate: every old pod is deleted before any new pod is created, so there is no "
              "surge/unavailable arithmetic.");
  }
  QStringList lines;
  lines << tr("replicas = %1").arg(a.replicas);
  lines << tr("maxSurge = %1 of %2, rounded up = %3").arg(a.maxSurgeSpec).arg(a.replicas).arg(a.maxSurge);
  lines << tr("maxUnavailable = %1 of %2, rounded down = %3")
               .arg(a.maxUnavailableSpec)
               .arg(a.replicas)
               .arg(a.maxUnavailable);
  lines << tr("The rollout may have up to replicas + maxSurge = %1 + %2 = %3 pods,")
               .arg(a.replicas)
               .arg(a.maxSurge)
               .arg(a.maxPods);
  lines << tr("and must keep at least replicas − maxUnavailable = %1 − %2 = %3 available.")
               .arg(a.replicas)
               .arg(a.maxUnavailable)
               .arg(a.minAvailable);
  lines << QString();
  lines << tr("Now: %1 pods (%2 of the newest ReplicaSet, %3 old ReplicaSet(s) with pods), %4 available.")
               .arg(a.currentPods)
               .arg(a.updatedPods)
               .arg(a.oldReplicaSets)
               .arg(a.availablePods);
  if (a.currentPods < a.maxPods) {
    lines << tr("Room to surge: %1 more pod(s) may be created.").arg(a.maxPods - a.currentPods);
  } else {
    lines << tr("At the surge limit: a new pod waits until an old one goes.");
  }
  if (a.availablePods > a.minAvailable) {
    lines << tr("Room to scale down: %1 old pod(s) may be removed.").arg(a.availablePods - a.minAvailable);
  } else {
    lines << tr("At the availability floor: no old pod may go until a new one is available.");
  }
  return lines.join(QLatin1Char('\n'));
}

}  // namespace kubelab::visualizer
