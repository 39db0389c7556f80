#pragma once
// Why the scheduler put a pod where it did: the decision it recorded as JSON in the
// "kubelab.io/scheduling-decision" annotation of the pod's Scheduled or FailedScheduling
// Event (cluster/scheduler/schedulingdecision.h has the shape), parsed into plain values and
// shown as a table: one row per node, its filter verdict, each plugin's score, the weighted
// total; the chosen node's row is highlighted.

#include <boost/json/object.hpp>

#include <QAbstractTableModel>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace kubelab::visualizer {

inline constexpr const char* kSchedulingDecisionAnnotation = "kubelab.io/scheduling-decision";

struct NodeVerdict {
  QString name;
  bool fit = false;
  QString plugin;  // the filter that refused it
  QStringList reasons;
  QMap<QString, int> scores;  // per score plugin, 0-100 before weighting
  long long total = 0;
  bool operator==(const NodeVerdict&) const = default;
};

struct SchedulingDecision {
  QString pod;
  QString node;  // chosen; empty when none fits
  int nodesTotal = 0;
  int nodesEvaluated = 0;
  int nodesFeasible = 0;
  int nodesOmitted = 0;
  QStringList plugins;  // score plugins, in the record's order
  QMap<QString, int> weights;
  QList<NodeVerdict> nodes;
  QString message;  // FailedScheduling's message
  QString eventReason;  // Scheduled or FailedScheduling
  QString eventTime;
};

// Nullopt when the text is not a decision record.
std::optional<SchedulingDecision> parseSchedulingDecision(const QString& json);
// The newest decision among a pod's Events (which relatedEvents() found, newest first).
std::optional<SchedulingDecision> latestSchedulingDecision(
    const std::vector<std::shared_ptr<const boost::json::object>>& podEventsNewestFirst);

class SchedulingDecisionModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  using QAbstractTableModel::QAbstractTableModel;

  void setDecision(std::optional<SchedulingDecision> decision);
  const std::optional<SchedulingDecision>& decision() const { return decision_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::optional<SchedulingDecision> decision_;
};

}  // namespace kubelab::visualizer
