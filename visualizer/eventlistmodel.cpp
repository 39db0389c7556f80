#include "eventlistmodel.h"

#include <QColor>
#include <QLocale>

#include "clustermodel.h"

namespace kubelab::visualizer {

EventListModel::EventListModel(ClusterModel* model, QObject* parent) : QAbstractTableModel(parent) {
  QList<EventView> known = model->events().values();
  std::sort(known.begin(), known.end(), [](const EventView& a, const EventView& b) { return a.lastSeen > b.lastSeen; });
  events_ = known.mid(0, kMaximumRows);
  connect(model, &ClusterModel::eventRecorded, this, &EventListModel::record);
  connect(model, &ClusterModel::cleared, this, &EventListModel::clear);
}

int EventListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(events_.size());
}

int EventListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EventListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= events_.size()) return {};
  const EventView& event = events_.at(index.row());
  if (role == Qt::ForegroundRole && event.type == QLatin1String("Warning")) return QColor(0xB9, 0x1C, 0x1C);
  if (role == Qt::ToolTipRole) return event.message;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Time: return QLocale().toString(event.lastSeen.toLocalTime().time(), QLocale::ShortFormat);
    case Type: return event.type;
    case Reason: return event.count > 1 ? QStringLiteral("%1 (×%2)").arg(event.reason).arg(event.count) : event.reason;
    case Object: return event.involvedKind + QLatin1Char('/') + event.involvedName;
    case Message: return event.message;
    default: return {};
  }
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Time: return tr("Time");
    case Type: return tr("Type");
    case Reason: return tr("Reason");
    case Object: return tr("Object");
    case Message: return tr("Message");
    default: return {};
  }
}

// A repeated event (count bumped) moves to the top instead of appearing twice.
void EventListModel::record(const EventView& event) {
  for (int row = 0; row < events_.size(); ++row) {
    if (events_[row].key != event.key) continue;
    beginRemoveRows({}, row, row);
    events_.removeAt(row);
    endRemoveRows();
    break;
  }
  int row = 0;
  while (row < events_.size() && events_[row].lastSeen > event.lastSeen) ++row;
  beginInsertRows({}, row, row);
  events_.insert(row, event);
  endInsertRows();
  if (events_.size() > kMaximumRows) {
    beginRemoveRows({}, kMaximumRows, static_cast<int>(events_.size()) - 1);
    events_.resize(kMaximumRows);
    endRemoveRows();
  }
}

void EventListModel::clear() {
  beginResetModel();
  events_.clear();
  endResetModel();
}

}  // namespace kubelab::visualizer
