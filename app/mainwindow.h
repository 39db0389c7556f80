#pragma once
// The main window: the cluster view in the middle, docks around it, the connection's progress
// in the status bar. Docks are registered in one place (registerDock), which also lists them
// in the View menu, so adding the describe view, charts or lessons later is one call each.

#include <QActionGroup>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>

#include "clusterconnection.h"
#include "clustermodel.h"
#include "clusterscene.h"
#include "clusterview.h"
#include "metricssampler.h"

namespace kubelab::app {

class ChartsDock;
class EventsDock;
class InspectorDock;
class InstructorDock;
class LanguageSwitcher;
class TimeTravelDock;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  MainWindow(LanguageSwitcher* languages, QWidget* parent = nullptr);
  ~MainWindow() override;

  void connectTo(const ConnectionRequest& request);
  visualizer::ClusterModel* model() const { return model_; }
  visualizer::ClusterScene* scene() const { return scene_; }
  visualizer::ClusterView* view() const { return view_; }
  InspectorDock* inspector() const { return inspector_; }
  InstructorDock* instructor() const { return instructor_; }
  ClusterConnection* connection() const { return connection_; }
  ChartsDock* charts() const { return charts_; }
  TimeTravelDock* timeTravel() const { return timeTravel_; }
  visualizer::MetricsSampler* sampler() const { return sampler_; }
  void registerDock(QDockWidget* dock, Qt::DockWidgetArea area);

 protected:
  void changeEvent(QEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void createMenus();
  void retranslateUi();
  void showStatus(const QString& message);
  void updateSummary();
  void startSampling();

  LanguageSwitcher* languages_;
  visualizer::ClusterModel* model_;
  visualizer::ClusterScene* scene_;
  visualizer::ClusterView* view_;
  // One scraper of /metrics for the charts and the view's traffic, following the model's source.
  visualizer::MetricsSampler* sampler_;
  ClusterConnection* connection_ = nullptr;
  InspectorDock* inspector_;
  EventsDock* events_;
  ChartsDock* charts_ = nullptr;
  TimeTravelDock* timeTravel_ = nullptr;
  InstructorDock* instructor_;
  bool closeAfterStop_ = false;  // the quit choice was to stop the embedded cluster; it has stopped
  QLabel* statusLabel_;
  QLabel* summaryLabel_;
  QString statusSource_;  // untranslated state, so a language switch can say it again

  QMenu* fileMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QMenu* docksMenu_ = nullptr;
  QMenu* languageMenu_ = nullptr;
  QMenu* helpMenu_ = nullptr;
  QAction* quitAction_ = nullptr;
  QAction* stopClusterAction_ = nullptr;
  QMenu* onQuitMenu_ = nullptr;
  QAction* quitAskAction_ = nullptr;
  QAction* quitKeepAction_ = nullptr;
  QAction* quitStopAction_ = nullptr;
  QAction* fitAction_ = nullptr;
  QAction* zoomInAction_ = nullptr;
  QAction* zoomOutAction_ = nullptr;
  QAction* aboutAction_ = nullptr;
  QAction* systemLanguageAction_ = nullptr;
  QAction* englishAction_ = nullptr;
  QAction* koreanAction_ = nullptr;
  QActionGroup* languageGroup_ = nullptr;
};

}  // namespace kubelab::app
