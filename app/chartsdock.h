#pragma once
// Charts (QtCharts) of what the cluster did over the last ten minutes: each ReplicaSet's ready
// replicas during a Deployment's rollout, pods by phase (stacked), the API server's requests
// per second and latency from /metrics, and node CPU and memory from metrics.k8s.io. The
// series live in visualizer/seriesmodels and the window's MetricsSampler (shared with the
// cluster view's traffic); the charts are redrawn from them at most once a second, and only
// while the panel is shown.

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QTabWidget>
#include <QTimer>

#include "clustermodel.h"
#include "metricssampler.h"
#include "seriesmodels.h"

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QDateTimeAxis;
class QValueAxis;
QT_END_NAMESPACE

namespace kubelab::app {

class ChartsDock : public QDockWidget {
  Q_OBJECT

 public:
  static constexpr int kRefreshMsecs = 1000;

  // `sampler` is the window's; its owner starts and stops it.
  ChartsDock(visualizer::ClusterModel* model, visualizer::MetricsSampler* sampler, QWidget* parent = nullptr);

  visualizer::RolloutSeries* rollout() const { return rollout_; }
  visualizer::PodPhaseSeries* podPhases() const { return podPhases_; }
  QTabWidget* tabs() const { return tabs_; }
  // Redraws every chart now (the timer does it once a second while shown).
  void refresh();
  // The rollout chart follows the Deployment behind an object selected in the view (itself, a
  // ReplicaSet of it, or a pod of one); other selections leave the chart as it is.
  void showRolloutOf(visualizer::ResourceKind kind, const QString& key);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct TimeChart {
    QChart* chart = nullptr;
    QChartView* view = nullptr;
    QDateTimeAxis* time = nullptr;
    QValueAxis* values = nullptr;
  };
  TimeChart makeChart();
  void refreshRollout(qint64 now);
  void refreshPods(qint64 now);
  void refreshApi(qint64 now);
  void refreshNodes(qint64 now);
  void updateDeploymentChoices();
  void retranslateUi();

  visualizer::ClusterModel* model_;
  visualizer::RolloutSeries* rollout_;
  visualizer::PodPhaseSeries* podPhases_;
  visualizer::MetricsSampler* sampler_;
  visualizer::SeriesHistory api_;
  visualizer::SeriesHistory nodeCpu_;
  visualizer::SeriesHistory nodeMemory_;
  QString apiProblem_;
  QString nodesProblem_;
  QTimer refreshTimer_;

  QTabWidget* tabs_;
  QComboBox* deploymentChoice_;
  QLabel* deploymentLabel_;
  TimeChart rolloutChart_;
  TimeChart podsChart_;
  TimeChart apiChart_;
  QValueAxis* latencyAxis_ = nullptr;
  TimeChart cpuChart_;
  TimeChart memoryChart_;
  QLabel* apiStatus_;
  QLabel* nodesStatus_;
};

}  // namespace kubelab::app
