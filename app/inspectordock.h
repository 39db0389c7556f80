#pragma once
// The object clicked in the cluster view, in tabs that follow it as it changes: a
// kubectl-describe-style summary, its YAML, the Events about it (newest first), its pod's logs,
// and "Why?" (why this node, why this pod exists, a rollout's maxSurge/maxUnavailable
// arithmetic). Above the tabs, its owner chain (Pod → ReplicaSet → Deployment), each link
// selecting that owner.

#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTreeWidget>

#include <memory>

#include "clustermodel.h"

namespace kubelab::app {

class ExplanationView;
class LogSource;
class LogsView;

class InspectorDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit InspectorDock(visualizer::ClusterModel* model, QWidget* parent = nullptr);

  void inspect(visualizer::ResourceKind kind, const QString& key);
  visualizer::ResourceKind kind() const { return kind_; }
  QString key() const { return key_; }
  // The YAML.
  QString text() const { return yaml_->toPlainText(); }
  QString describeText() const { return describe_->toPlainText(); }
  QString ownerChainText() const { return owners_->text(); }
  QTreeWidget* eventsTree() const { return events_; }
  QTabWidget* tabs() const { return tabs_; }
  LogsView* logs() const { return logs_; }
  ExplanationView* explanation() const { return why_; }
  // Replaces the logs' source, which otherwise is the API the model's informers use.
  void setLogSource(std::shared_ptr<LogSource> source);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void refresh();
  void showLogsIfCurrent();
  void refreshEvents();
  void updateLogSource();
  void retranslateUi();

  visualizer::ClusterModel* model_;
  visualizer::ResourceKind kind_ = visualizer::ResourceKind::Pod;
  QString key_;
  QLabel* title_;
  QLabel* owners_;
  QTabWidget* tabs_;
  QPlainTextEdit* describe_;
  QPlainTextEdit* yaml_;
  QTreeWidget* events_;
  LogsView* logs_;
  ExplanationView* why_;
  bool eventsDirty_ = false;  // Events or ReplicaSets changed in this batch
  bool logSourceFixed_ = false;
  const void* logSourceOf_ = nullptr;  // the model source the logs' source was made from
};

}  // namespace kubelab::app
