#pragma once
// The cluster's recent Events, newest first: what the controllers and the scheduler decided.

#include <QDockWidget>
#include <QTableView>

#include "clustermodel.h"
#include "eventlistmodel.h"

namespace kubelab::app {

class EventsDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit EventsDock(visualizer::ClusterModel* model, QWidget* parent = nullptr);
  visualizer::EventListModel* events() const { return events_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  visualizer::EventListModel* events_;
  QTableView* table_;
};

}  // namespace kubelab::app
