#include "eventsdock.h"

#include <QEvent>
#include <QHeaderView>

namespace kubelab::app {

EventsDock::EventsDock(visualizer::ClusterModel* model, QWidget* parent)
    : QDockWidget(parent), events_(new visualizer::EventListModel(model, this)), table_(new QTableView) {
  setObjectName(QStringLiteral("eventsDock"));
  table_->setModel(events_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setWordWrap(false);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->setColumnWidth(visualizer::EventListModel::Time, 70);
  table_->setColumnWidth(visualizer::EventListModel::Type, 70);
  table_->setColumnWidth(visualizer::EventListModel::Reason, 150);
  table_->setColumnWidth(visualizer::EventListModel::Object, 230);
  setWidget(table_);
  retranslateUi();
}

void EventsDock::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDockWidget::changeEvent(event);
}

void EventsDock::retranslateUi() {
  setWindowTitle(tr("Events"));
  emit events_->headerDataChanged(Qt::Horizontal, 0, visualizer::EventListModel::ColumnCount - 1);
}

}  // namespace kubelab::app
