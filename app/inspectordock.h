#pragma once
// The object clicked in the cluster view, as YAML; it follows the object as it changes.
// (The describe view, related events, owner chain and logs are still to come.)

#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>

#include "clustermodel.h"

namespace kubelab::app {

class InspectorDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit InspectorDock(visualizer::ClusterModel* model, QWidget* parent = nullptr);

  void inspect(visualizer::ResourceKind kind, const QString& key);
  QString text() const { return yaml_->toPlainText(); }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void refresh();
  void retranslateUi();

  visualizer::ClusterModel* model_;
  visualizer::ResourceKind kind_ = visualizer::ResourceKind::Pod;
  QString key_;
  QLabel* title_;
  QPlainTextEdit* yaml_;
};

}  // namespace kubelab::app
