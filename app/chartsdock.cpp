#include "chartsdock.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHBoxLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <set>

#include "poditem.h"

namespace kubelab::app {

using visualizer::SeriesPoint;

namespace {

constexpr qint64 kMinimumSpanMsecs = 60 * 1000;

// A step series as a line: each value holds until the next point, the last one until `now`.
QList<QPointF> stepPoints(const QList<SeriesPoint>& points, qint64 from, qint64 now) {
  QList<QPointF> line;
  double previous = 0;
  bool started = false;
  for (const SeriesPoint& point : points) {
    qint64 t = std::max(point.msecs, from);
    if (started) line.append(QPointF(static_cast<double>(t), previous));
    line.append(QPointF(static_cast<double>(t), point.value));
    previous = point.value;
    started = true;
  }
  if (started) line.append(QPointF(static_cast<double>(now), previous));
  return line;
}

// A sampled series as a line, leaving out what was not measured.
QList<QPointF> sampledPoints(const QList<SeriesPoint>& points, double scale = 1) {
  QList<QPointF> line;
  for (const SeriesPoint& point : points) {
    if (std::isnan(point.value)) continue;
    line.append(QPointF(static_cast<double>(point.msecs), point.value * scale));
  }
  return line;
}

// A 0..top range in 1, 2 or 5 × 10^n steps, about five of them, so every tick is a round
// number (whole numbers for counts).
void setNiceRange(QValueAxis* axis, double top, bool whole) {
  if (!(top > 0)) top = 1;
  double raw = top / 5;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  if (whole) step = std::max(1.0, std::round(step));
  int steps = static_cast<int>(std::ceil(top / step - 1e-9));
  axis->setRange(0, steps * step);
  axis->setTickCount(steps + 1);
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));
}

double maxY(const QList<QPointF>& points) {
  double result = 0;
  for (const QPointF& point : points) result = std::max(result, point.y());
  return result;
}

visualizer::PodDisplayState stateNamed(const QString& name) {
  using visualizer::PodDisplayState;
  for (PodDisplayState state : {PodDisplayState::Pending, PodDisplayState::Running, PodDisplayState::Succeeded,
                                PodDisplayState::Failed, PodDisplayState::Unknown, PodDisplayState::Terminating}) {
    if (visualizer::podDisplayStateName(state) == name) return state;
  }
  return PodDisplayState::Unknown;
}

// The lines of a chart keyed by name: new names get a line, vanished ones lose theirs.
template <typename MakeLine>
QLineSeries* lineFor(QChart* chart, QDateTimeAxis* time, QValueAxis* values, const QString& name, MakeLine make) {
  for (QAbstractSeries* series : chart->series()) {
    if (series->objectName() == name) return static_cast<QLineSeries*>(series);
  }
  QLineSeries* line = make();
  line->setObjectName(name);
  chart->addSeries(line);
  line->attachAxis(time);
  line->attachAxis(values);
  return line;
}

void dropLinesExcept(QChart* chart, const QSet<QString>& keep) {
  for (QAbstractSeries* series : chart->series()) {
    if (!keep.contains(series->objectName())) {
      chart->removeSeries(series);
      delete series;
    }
  }
}

const QList<QColor>& lineColors() {
  static const QList<QColor> colors{QColor(0x8A, 0x8F, 0x98), QColor(0x2E, 0x9D, 0x5B), QColor(0x3B, 0x7D, 0xD8),
                                    QColor(0xD6, 0x45, 0x45), QColor(0xF2, 0xA9, 0x00), QColor(0x8E, 0x44, 0xAD)};
  return colors;
}

}  // namespace

ChartsDock::ChartsDock(visualizer::ClusterModel* model, visualizer::MetricsSampler* sampler, QWidget* parent)
    : QDockWidget(parent),
      model_(model),
      rollout_(new visualizer::RolloutSeries(model, visualizer::systemClock(), this)),
      podPhases_(new visualizer::PodPhaseSeries(model, visualizer::systemClock(), this)),
      sampler_(sampler),
      tabs_(new QTabWidget),
      deploymentChoice_(new QComboBox),
      deploymentLabel_(new QLabel),
      apiStatus_(new QLabel),
      nodesStatus_(new QLabel) {
  setObjectName(QStringLiteral("chartsDock"));

  // Rollout: a Deployment chooser above the chart.
  rolloutChart_ = makeChart();
  auto* rolloutPage = new QWidget;
  auto* rolloutLayout = new QVBoxLayout(rolloutPage);
  rolloutLayout->setContentsMargins(4, 4, 4, 0);
  auto* chooser = new QHBoxLayout;
  chooser->addWidget(deploymentLabel_);
  chooser->addWidget(deploymentChoice_, 1);
  rolloutLayout->addLayout(chooser);
  rolloutLayout->addWidget(rolloutChart_.view, 1);
  tabs_->addTab(rolloutPage, QString());
  connect(deploymentChoice_, &QComboBox::activated, this, [this](int index) {
    rollout_->setDeployment(deploymentChoice_->itemData(index).toString());
    refresh();
  });

  // Pods by phase: stacked areas, colored as the pod chips are.
  podsChart_ = makeChart();
  QLineSeries* lower = nullptr;
  for (const QString& phase : visualizer::PodPhaseSeries::phases()) {
    auto* upper = new QLineSeries(podsChart_.chart);
    auto* area = new QAreaSeries(upper, lower);
    area->setObjectName(phase);
    QColor color = visualizer::PodItem::fillColor(stateNamed(phase));
    area->setColor(color);
    area->setBorderColor(color.darker(120));
    podsChart_.chart->addSeries(area);
    area->attachAxis(podsChart_.time);
    area->attachAxis(podsChart_.values);
    lower = upper;
  }
  tabs_->addTab(podsChart_.view, QString());

  // API server: requests/s on the left axis, latency in milliseconds on the right.
  apiChart_ = makeChart();
  latencyAxis_ = new QValueAxis;
  latencyAxis_->setLabelFormat(QStringLiteral("%.0f"));
  latencyAxis_->setGridLineVisible(false);  // the requests axis draws the grid; two grids don't line up
  apiChart_.chart->addAxis(latencyAxis_, Qt::AlignRight);
  auto* apiPage = new QWidget;
  auto* apiLayout = new QVBoxLayout(apiPage);
  apiLayout->setContentsMargins(4, 4, 4, 0);
  apiLayout->addWidget(apiStatus_);
  apiLayout->addWidget(apiChart_.view, 1);
  apiStatus_->hide();
  tabs_->addTab(apiPage, QString());
  for (const char* name : {"requests", "p50", "p99"}) {
    auto* line = new QLineSeries;
    line->setObjectName(QString::fromLatin1(name));
    apiChart_.chart->addSeries(line);
    line->attachAxis(apiChart_.time);
    line->attachAxis(qstrcmp(name, "requests") == 0 ? apiChart_.values : latencyAxis_);
  }
  static_cast<QLineSeries*>(apiChart_.chart->series()[0])->setPen(QPen(QColor(0x3B, 0x7D, 0xD8), 2));
  static_cast<QLineSeries*>(apiChart_.chart->series()[1])->setPen(QPen(QColor(0x2E, 0x9D, 0x5B), 1.5));
  static_cast<QLineSeries*>(apiChart_.chart->series()[2])->setPen(QPen(QColor(0xD6, 0x45, 0x45), 1.5, Qt::DashLine));

  // Nodes: CPU beside memory.
  cpuChart_ = makeChart();
  memoryChart_ = makeChart();
  auto* nodesPage = new QWidget;
  auto* nodesLayout = new QVBoxLayout(nodesPage);
  auto* nodeCharts = new QHBoxLayout;
  nodesLayout->setContentsMargins(4, 4, 4, 0);
  nodesLayout->addWidget(nodesStatus_);
  nodeCharts->addWidget(cpuChart_.view, 1);
  nodeCharts->addWidget(memoryChart_.view, 1);
  nodesLayout->addLayout(nodeCharts, 1);
  nodesStatus_->hide();
  tabs_->addTab(nodesPage, QString());
  setWidget(tabs_);

  connect(sampler_, &visualizer::MetricsSampler::apiSampled, this,
          [this](qint64 msecs, double perSecond, double mean, double p50, double p99) {
            api_.append(QStringLiteral("requests"), msecs, perSecond, true);
            api_.append(QStringLiteral("mean"), msecs, mean, true);
            api_.append(QStringLiteral("p50"), msecs, p50, true);
            api_.append(QStringLiteral("p99"), msecs, p99, true);
            apiProblem_.clear();
          });
  connect(sampler_, &visualizer::MetricsSampler::apiUnavailable, this,
          [this](const QString& message) { apiProblem_ = message; });
  connect(sampler_, &visualizer::MetricsSampler::nodesSampled, this,
          [this](qint64 msecs, const QList<visualizer::NodeUsage>& nodes) {
            for (const visualizer::NodeUsage& node : nodes) {
              nodeCpu_.append(node.node, msecs, node.cpuCores, true);
              nodeMemory_.append(node.node, msecs, node.memoryBytes, true);
            }
            nodesProblem_.clear();
          });
  connect(sampler_, &visualizer::MetricsSampler::nodesUnavailable, this,
          [this](const QString& message) { nodesProblem_ = message; });
  connect(rollout_, &visualizer::RolloutSeries::deploymentChanged, this, &ChartsDock::updateDeploymentChoices);
  connect(model_, &visualizer::ClusterModel::workloadAdded, this, [this](const visualizer::WorkloadView& workload) {
    if (workload.kind == QLatin1String("Deployment")) updateDeploymentChoices();
  });
  connect(model_, &visualizer::ClusterModel::workloadRemoved, this, [this](const visualizer::WorkloadView& workload) {
    if (workload.kind == QLatin1String("Deployment")) updateDeploymentChoices();
  });
  connect(&refreshTimer_, &QTimer::timeout, this, [this] {
    if (isVisible()) refresh();
  });
  refreshTimer_.start(kRefreshMsecs);
  retranslateUi();
}

ChartsDock::TimeChart ChartsDock::makeChart() {
  TimeChart result;
  result.chart = new QChart;
  result.chart->setMargins(QMargins(4, 4, 4, 4));
  result.chart->legend()->setAlignment(Qt::AlignBottom);
  result.time = new QDateTimeAxis;
  result.time->setFormat(QStringLiteral("HH:mm:ss"));
  result.time->setTickCount(6);
  result.values = new QValueAxis;
  result.values->setLabelFormat(QStringLiteral("%g"));
  result.chart->addAxis(result.time, Qt::AlignBottom);
  result.chart->addAxis(result.values, Qt::AlignLeft);
  result.view = new QChartView(result.chart);
  result.view->setRenderHint(QPainter::Antialiasing);
  result.view->setMinimumHeight(160);
  return result;
}

void ChartsDock::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDockWidget::changeEvent(event);
}

void ChartsDock::retranslateUi() {
  setWindowTitle(tr("Charts"));
  tabs_->setTabText(0, tr("Rollout"));
  tabs_->setTabText(1, tr("Pods"));
  tabs_->setTabText(2, tr("API server"));
  tabs_->setTabText(3, tr("Nodes"));
  deploymentLabel_->setText(tr("Deployment:"));
  // Units are in the chart titles and series names, not in axis titles: QtCharts cuts a
  // vertical axis title down to "…" when the axis labels are narrower than "..." (a 0-to-1
  // axis), which Korean titles, set in a taller font, always hit.
  const QStringList phases = visualizer::PodPhaseSeries::phases();
  const QStringList phaseNames{tr("Running"), tr("Pending"), tr("Terminating"), tr("Succeeded"), tr("Failed"),
                               tr("Unknown")};
  for (QAbstractSeries* series : podsChart_.chart->series())
    series->setName(phaseNames.value(phases.indexOf(series->objectName())));
  const QList<QAbstractSeries*> api = apiChart_.chart->series();
  api[0]->setName(tr("requests/s"));
  api[1]->setName(tr("p50 latency (ms)"));
  api[2]->setName(tr("p99 latency (ms)"));
  updateDeploymentChoices();
  refresh();
}

void ChartsDock::showRolloutOf(visualizer::ResourceKind kind, const QString& key) {
  QString deployment = visualizer::owningDeployment(*model_, kind, key);
  int index = deployment.isEmpty() ? -1 : deploymentChoice_->findData(deployment);
  if (index < 0) return;
  deploymentChoice_->setCurrentIndex(index);
  rollout_->setDeployment(deployment);
  refresh();
}

void ChartsDock::updateDeploymentChoices() {
  QString pinned = deploymentChoice_->currentIndex() > 0 ? deploymentChoice_->currentData().toString() : QString();
  QStringList keys = model_->workloads(visualizer::ResourceKind::Deployment).keys();
  std::sort(keys.begin(), keys.end());
  QSignalBlocker blocker(deploymentChoice_);
  deploymentChoice_->clear();
  QString latest = rollout_->deployment();
  deploymentChoice_->addItem(latest.isEmpty() ? tr("The last one to change") : tr("The last one to change (%1)").arg(latest),
                             QString());
  for (const QString& key : keys) deploymentChoice_->addItem(key, key);
  int index = pinned.isEmpty() ? 0 : deploymentChoice_->findData(pinned);
  deploymentChoice_->setCurrentIndex(std::max(index, 0));
}

void ChartsDock::refresh() {
  qint64 now = QDateTime::currentMSecsSinceEpoch();
  rollout_->trim();
  podPhases_->trim();
  api_.trim(now);
  nodeCpu_.trim(now);
  nodeMemory_.trim(now);
  refreshRollout(now);
  refreshPods(now);
  refreshApi(now);
  refreshNodes(now);
}

void ChartsDock::refreshRollout(qint64 now) {
  qint64 windowStart = now - visualizer::SeriesHistory::kDefaultWindowMsecs;
  qint64 first = now;
  QSet<QString> shown;
  double top = 0;
  const QStringList keys = rollout_->replicaSets();
  for (qsizetype i = 0; i < keys.size(); ++i) {
    const QString& key = keys[i];
    QList<SeriesPoint> points = rollout_->readyPoints(key);
    if (points.isEmpty()) continue;
    first = std::min(first, points.first().msecs);
    QList<QPointF> line = stepPoints(points, windowStart, now);
    top = std::max(top, maxY(line));
    QLineSeries* series = lineFor(rolloutChart_.chart, rolloutChart_.time, rolloutChart_.values, key,
                                  [] { return new QLineSeries; });
    // The newest ReplicaSet is drawn strongest.
    bool newest = i == keys.size() - 1;
    // The newest green (as running pods are); older ones grey, blue, purple, amber.
    static const QList<QColor> older{QColor(0x8A, 0x8F, 0x98), QColor(0x3B, 0x7D, 0xD8), QColor(0x8E, 0x44, 0xAD),
                                     QColor(0xF2, 0xA9, 0x00)};
    QColor color = newest ? QColor(0x2E, 0x9D, 0x5B) : older[static_cast<int>(keys.size() - 2 - i) % older.size()];
    series->setPen(QPen(color, newest ? 3 : 2));
    QString name = key.section(QLatin1Char('/'), 1);
    QString revision = rollout_->revision(key);
    series->setName(revision.isEmpty() ? name : tr("%1 (revision %2)").arg(name, revision));
    series->replace(line);
    shown.insert(key);
  }
  dropLinesExcept(rolloutChart_.chart, shown);
  rolloutChart_.chart->setTitle(rollout_->deployment().isEmpty()
                                    ? tr("No Deployment yet")
                                    : tr("Ready replicas of each ReplicaSet of %1").arg(rollout_->deployment()));
  qint64 start = std::max(windowStart, std::min(first, now - kMinimumSpanMsecs));
  rolloutChart_.time->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(now));
  setNiceRange(rolloutChart_.values, top + 1, true);
}

void ChartsDock::refreshPods(qint64 now) {
  qint64 windowStart = now - visualizer::SeriesHistory::kDefaultWindowMsecs;
  const QStringList phases = visualizer::PodPhaseSeries::phases();
  std::set<qint64> times;
  QList<QList<SeriesPoint>> histories;
  for (const QString& phase : phases) {
    histories.append(podPhases_->points(phase));
    for (const SeriesPoint& point : histories.last()) times.insert(std::max(point.msecs, windowStart));
  }
  qint64 first = times.empty() ? now : *times.begin();
  // Cumulative sums, as steps: at each change the stack jumps from its old height to its new one.
  QList<QList<QPointF>> uppers(phases.size());
  QList<double> before(phases.size(), 0);
  for (qint64 t : times) {
    double sum = 0;
    for (qsizetype i = 0; i < phases.size(); ++i) {
      sum += visualizer::valueAt(histories[i], t);
      if (!uppers[i].isEmpty()) uppers[i].append(QPointF(static_cast<double>(t), before[i]));
      uppers[i].append(QPointF(static_cast<double>(t), sum));
      before[i] = sum;
    }
  }
  double top = 0;
  const QList<QAbstractSeries*> areas = podsChart_.chart->series();
  for (qsizetype i = 0; i < phases.size() && i < areas.size(); ++i) {
    if (!times.empty()) uppers[i].append(QPointF(static_cast<double>(now), before[i]));
    top = std::max(top, before[i]);
    for (const QPointF& point : uppers[i]) top = std::max(top, point.y());
    static_cast<QAreaSeries*>(areas[i])->upperSeries()->replace(uppers[i]);
  }
  podsChart_.chart->setTitle(tr("Pods by phase"));
  qint64 start = std::max(windowStart, std::min(first, now - kMinimumSpanMsecs));
  podsChart_.time->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(now));
  setNiceRange(podsChart_.values, top + 1, true);
}

void ChartsDock::refreshApi(qint64 now) {
  QList<QPointF> requests = sampledPoints(api_.points(QStringLiteral("requests")));
  QList<QPointF> p50 = sampledPoints(api_.points(QStringLiteral("p50")), 1000);
  QList<QPointF> p99 = sampledPoints(api_.points(QStringLiteral("p99")), 1000);
  const QList<QAbstractSeries*> lines = apiChart_.chart->series();
  static_cast<QLineSeries*>(lines[0])->replace(requests);
  static_cast<QLineSeries*>(lines[1])->replace(p50);
  static_cast<QLineSeries*>(lines[2])->replace(p99);
  qint64 first = requests.isEmpty() ? now : static_cast<qint64>(requests.first().x());
  qint64 start = std::max(now - visualizer::SeriesHistory::kDefaultWindowMsecs, std::min(first, now - kMinimumSpanMsecs));
  apiChart_.time->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(now));
  setNiceRange(apiChart_.values, maxY(requests) * 1.1, false);
  setNiceRange(latencyAxis_, std::max(maxY(p50), maxY(p99)) * 1.1, false);
  auto last = api_.last(QStringLiteral("requests"));
  apiChart_.chart->setTitle(last ? tr("API requests: %1/s now").arg(*last, 0, 'f', 1) : tr("API requests"));
  apiStatus_->setVisible(!apiProblem_.isEmpty());
  apiStatus_->setText(tr("Could not read the API server's /metrics: %1").arg(apiProblem_));
}

void ChartsDock::refreshNodes(qint64 now) {
  qint64 first = now;
  for (auto [chart, history, scale] : {std::tuple{&cpuChart_, &nodeCpu_, 1.0},
                                       std::tuple{&memoryChart_, &nodeMemory_, 1.0 / (1024 * 1024)}}) {
    QSet<QString> shown;
    double top = 0;
    QStringList names = history->names();
    std::sort(names.begin(), names.end());
    for (qsizetype i = 0; i < names.size(); ++i) {
      QList<QPointF> line = sampledPoints(history->points(names[i]), scale);
      if (line.isEmpty()) continue;
      first = std::min(first, static_cast<qint64>(line.first().x()));
      top = std::max(top, maxY(line));
      QLineSeries* series = lineFor(chart->chart, chart->time, chart->values, names[i], [] { return new QLineSeries; });
      series->setName(names[i]);
      // Every other line dashed, so nodes with equal usage stay visible.
      series->setPen(QPen(lineColors()[static_cast<int>(i + 1) % lineColors().size()], 2,
                          i % 2 ? Qt::DashLine : Qt::SolidLine));
      series->replace(line);
      shown.insert(names[i]);
    }
    dropLinesExcept(chart->chart, shown);
    setNiceRange(chart->values, top * 1.1, false);
  }
  qint64 start = std::max(now - visualizer::SeriesHistory::kDefaultWindowMsecs, std::min(first, now - kMinimumSpanMsecs));
  for (TimeChart* chart : {&cpuChart_, &memoryChart_})
    chart->time->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(now));
  cpuChart_.chart->setTitle(tr("Node CPU (cores)"));
  memoryChart_.chart->setTitle(tr("Node memory (MiB)"));
  nodesStatus_->setVisible(!nodesProblem_.isEmpty());
  nodesStatus_->setText(tr("Node metrics (metrics.k8s.io) are not available: %1").arg(nodesProblem_));
}

}  // namespace kubelab::app
