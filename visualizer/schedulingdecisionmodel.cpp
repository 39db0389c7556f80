#include "schedulingdecisionmodel.h"

#include <boost/json/parse.hpp>

#include <QBrush>
#include <QColor>
#include <QFont>

#include "describe.h"

namespace kubelab::visualizer {

namespace json = boost::json;

namespace {

QString text(const json::object& object, const char* key) {
  const json::value* value = object.if_contains(key);
  if (!value || !value->is_string()) return {};
  return QString::fromStdString(std::string(value->get_string()));
}

long long number(const json::object& object, const char* key) {
  const json::value* value = object.if_contains(key);
  if (!value) return 0;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) return static_cast<long long>(value->get_uint64());
  if (value->is_double()) return static_cast<long long>(value->get_double());
  return 0;
}

}  // namespace

std::optional<SchedulingDecision> parseSchedulingDecision(const QString& source) {
  boost::system::error_code error;
  json::value value = json::parse(source.toStdString(), error);
  if (error || !value.is_object()) return std::nullopt;
  const json::object& record = value.get_object();
  if (!record.contains("nodes")) return std::nullopt;
  SchedulingDecision decision;
  decision.pod = text(record, "pod");
  decision.node = text(record, "node");
  decision.nodesTotal = static_cast<int>(number(record, "nodesTotal"));
  decision.nodesEvaluated = static_cast<int>(number(record, "nodesEvaluated"));
  decision.nodesFeasible = static_cast<int>(number(record, "nodesFeasible"));
  decision.nodesOmitted = static_cast<int>(number(record, "nodesOmitted"));
  decision.message = text(record, "message");
  if (const json::value* weights = record.if_contains("weights"); weights && weights->is_object()) {
    for (const auto& [name, weight] : weights->get_object()) {
      QString plugin = QString::fromStdString(std::string(name));
      decision.plugins << plugin;
      decision.weights[plugin] = weight.is_int64() ? static_cast<int>(weight.get_int64()) : 0;
    }
  }
  if (const json::value* nodes = record.if_contains("nodes"); nodes && nodes->is_array()) {
    for (const json::value& entry : nodes->get_array()) {
      if (!entry.is_object()) continue;
      const json::object& node = entry.get_object();
      NodeVerdict verdict;
      verdict.name = text(node, "name");
      const json::value* fit = node.if_contains("fit");
      verdict.fit = fit && fit->is_bool() && fit->get_bool();
      verdict.plugin = text(node, "plugin");
      if (const json::value* reasons = node.if_contains("reasons"); reasons && reasons->is_array()) {
        for (const json::value& reason : reasons->get_array()) {
          if (reason.is_string()) verdict.reasons << QString::fromStdString(std::string(reason.get_string()));
        }
      }
      if (const json::value* scores = node.if_contains("scores"); scores && scores->is_object()) {
        for (const auto& [name, score] : scores->get_object()) {
          QString plugin = QString::fromStdString(std::string(name));
          verdict.scores[plugin] = score.is_int64() ? static_cast<int>(score.get_int64()) : 0;
          if (!decision.plugins.contains(plugin)) decision.plugins << plugin;
        }
      }
      verdict.total = number(node, "total");
      decision.nodes << verdict;
    }
  }
  return decision;
}

std::optional<SchedulingDecision> latestSchedulingDecision(
    const std::vector<std::shared_ptr<const json::object>>& podEventsNewestFirst) {
  for (const auto& event : podEventsNewestFirst) {
    if (!event) continue;
    const json::value* annotations = nullptr;
    if (const json::value* metadata = event->if_contains("metadata"); metadata && metadata->is_object()) {
      annotations = metadata->get_object().if_contains("annotations");
    }
    if (!annotations || !annotations->is_object()) continue;
    QString record = text(annotations->get_object(), kSchedulingDecisionAnnotation);
    if (record.isEmpty()) continue;
    std::optional<SchedulingDecision> decision = parseSchedulingDecision(record);
    if (!decision) continue;
    decision->eventReason = text(*event, "reason");
    decision->eventTime = eventTime(*event);
    return decision;
  }
  return std::nullopt;
}

void SchedulingDecisionModel::setDecision(std::optional<SchedulingDecision> decision) {
  beginResetModel();
  decision_ = std::move(decision);
  endResetModel();
}

int SchedulingDecisionModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !decision_ ? 0 : static_cast<int>(decision_->nodes.size());
}

// Node, Verdict, one column per score plugin, Total.
int SchedulingDecisionModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !decision_ ? 0 : static_cast<int>(decision_->plugins.size()) + 3;
}

QVariant SchedulingDecisionModel::data(const QModelIndex& index, int role) const {
  if (!decision_ || !index.isValid() || index.row() >= decision_->nodes.size()) return {};
  const NodeVerdict& node = decision_->nodes[index.row()];
  const bool chosen = !decision_->node.isEmpty() && node.name == decision_->node;
  const int column = index.column();
  const int pluginColumns = static_cast<int>(decision_->plugins.size());
  if (role == Qt::DisplayRole) {
    if (column == 0) return chosen ? tr("%1 ★ chosen").arg(node.name) : node.name;
    if (column == 1) {
      if (node.fit) return tr("fits");
      QString why = node.reasons.join(QStringLiteral("; "));
      return node.plugin.isEmpty() ? tr("refused: %1").arg(why) : tr("refused by %1: %2").arg(node.plugin, why);
    }
    if (column - 2 < pluginColumns) {
      if (!node.fit) return QStringLiteral("—");
      return node.scores.value(decision_->plugins[column - 2]);
    }
    return node.fit ? QVariant(node.total) : QVariant(QStringLiteral("—"));
  }
  if (role == Qt::BackgroundRole) {
    if (chosen) return QBrush(QColor(0xc8, 0xf0, 0xc8));
    if (!node.fit) return QBrush(QColor(0xf6, 0xdc, 0xdc));
  }
  if (role == Qt::FontRole && chosen) {
    QFont font;
    font.setBold(true);
    return font;
  }
  if (role == Qt::ToolTipRole && column == 1 && !node.fit) return node.reasons.join(QLatin1Char('\n'));
  return {};
}

QVariant SchedulingDecisionModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal || !decision_) return {};
  const int pluginColumns = static_cast<int>(decision_->plugins.size());
  if (section == 0) return tr("Node");
  if (section == 1) return tr("Filters");
  if (section - 2 < pluginColumns) {
    const QString& plugin = decision_->plugins[section - 2];
    return tr("%1 (×%2)").arg(plugin).arg(decision_->weights.value(plugin, 1));
  }
  return tr("Total");
}

}  // namespace kubelab::visualizer
