#pragma once
// The most recent Events, newest first, as a table (time, type, reason, object, message) for
// the events dock; fed by ClusterModel::eventRecorded.

#include <QAbstractTableModel>
#include <QList>

#include "objectviews.h"

namespace kubelab::visualizer {

class ClusterModel;

class EventListModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Time, Type, Reason, Object, Message, ColumnCount };
  static constexpr int kMaximumRows = 500;

  explicit EventListModel(ClusterModel* model, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  const EventView& eventAt(int row) const { return events_.at(row); }

 private:
  void record(const EventView& event);
  void clear();

  QList<EventView> events_;
};

}  // namespace kubelab::visualizer
