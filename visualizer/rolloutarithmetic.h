#pragma once
// The maxSurge/maxUnavailable arithmetic of a rolling update, as the Deployment controller
// does it (ResolveFenceposts): a percentage of spec.replicas, rounded up for maxSurge and down
// for maxUnavailable; when both come to 0, maxUnavailable is 1. Then the rollout may run up to
// replicas + maxSurge pods and must keep replicas − maxUnavailable available. Pure.

#include <boost/json/object.hpp>

#include <QCoreApplication>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace kubelab::visualizer {

// An IntOrString as the API writes it ("25%" or 1) against `total`.
int scaledIntOrPercent(const QString& value, int total, bool roundUp);

struct RolloutArithmetic {
  bool rollingUpdate = true;  // false for Recreate: no arithmetic
  int replicas = 0;
  QString maxSurgeSpec = QStringLiteral("25%");
  QString maxUnavailableSpec = QStringLiteral("25%");
  int maxSurge = 0;
  int maxUnavailable = 0;
  int maxPods = 0;       // replicas + maxSurge
  int minAvailable = 0;  // replicas − maxUnavailable
  // From the Deployment's ReplicaSets (status), when given.
  int currentPods = 0;
  int availablePods = 0;
  int updatedPods = 0;  // pods of the ReplicaSet whose template matches the Deployment's
  int oldReplicaSets = 0;  // old ReplicaSets that still have pods
};

RolloutArithmetic rolloutArithmetic(int replicas, const QString& maxSurge, const QString& maxUnavailable);
// From a Deployment and its ReplicaSets; the newest revision is the updated one.
RolloutArithmetic rolloutArithmetic(const boost::json::object& deployment,
                                    const std::vector<std::shared_ptr<const boost::json::object>>& replicaSets);

class RolloutText {
  Q_DECLARE_TR_FUNCTIONS(RolloutText)

 public:
  // The arithmetic spelled out for a student, several lines.
  static QString explain(const RolloutArithmetic& arithmetic);
};

}  // namespace kubelab::visualizer
