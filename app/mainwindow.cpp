#include "mainwindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

#include "chartsdock.h"
#include "client/restclient.h"
#include "informerclustersource.h"
#include "eventsdock.h"
#include "inspectordock.h"
#include "instructordock.h"
#include "languageswitcher.h"
#include "timetraveldock.h"

namespace kubelab::app {

MainWindow::MainWindow(LanguageSwitcher* languages, QWidget* parent)
    : QMainWindow(parent),
      languages_(languages),
      model_(new visualizer::ClusterModel(this)),
      scene_(new visualizer::ClusterScene(model_, this)),
      view_(new visualizer::ClusterView(scene_)),
      sampler_(new visualizer::MetricsSampler(this)),
      inspector_(new InspectorDock(model_)),
      events_(new EventsDock(model_)),
      instructor_(new InstructorDock),
      statusLabel_(new QLabel),
      summaryLabel_(new QLabel) {
  setObjectName(QStringLiteral("mainWindow"));
  setCentralWidget(view_);
  statusBar()->addWidget(statusLabel_, 1);
  statusBar()->addPermanentWidget(summaryLabel_);
  createMenus();
  registerDock(inspector_, Qt::RightDockWidgetArea);
  registerDock(events_, Qt::BottomDockWidgetArea);
  timeTravel_ = new TimeTravelDock(model_, this);
  registerDock(timeTravel_, Qt::BottomDockWidgetArea);
  splitDockWidget(timeTravel_, events_, Qt::Vertical);
  charts_ = new ChartsDock(model_, sampler_);
  registerDock(charts_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(events_, charts_);
  events_->raise();
  // The cluster view comes first: the instructor's panel shares the right side with the
  // inspector as a tab, and the bottom panels stay low.
  registerDock(instructor_, Qt::RightDockWidgetArea);
  tabifyDockWidget(inspector_, instructor_);
  inspector_->raise();
  resizeDocks({inspector_}, {380}, Qt::Horizontal);
  resizeDocks({events_}, {170}, Qt::Vertical);
  connect(instructor_, &InstructorDock::commandFinished, this, [this](const QString& message) {
    statusSource_.clear();
    showStatus(message);
  });
  resizeDocks({inspector_}, {330}, Qt::Horizontal);
  resizeDocks({events_}, {170}, Qt::Vertical);
  connect(scene_, &visualizer::ClusterScene::objectSelected, inspector_, &InspectorDock::inspect);
  connect(scene_, &visualizer::ClusterScene::objectSelected, charts_, &ChartsDock::showRolloutOf);
  connect(model_, &visualizer::ClusterModel::batchApplied, this, &MainWindow::updateSummary);
  // A new source (the connection made one): scrape the same API server, once setSource is done.
  connect(model_, &visualizer::ClusterModel::cleared, this,
          [this] { QTimer::singleShot(0, this, &MainWindow::startSampling); });
  connect(sampler_, &visualizer::MetricsSampler::trafficSampled, model_, &visualizer::ClusterModel::setTraffic);
  connect(model_, &visualizer::ClusterModel::synced, this, [this] {
    statusSource_ = QStringLiteral("synced");
    retranslateUi();
    view_->fitAll();  // once, when the whole cluster is first known; zooming is the user's after that
  });
  resize(1480, 920);
  retranslateUi();
}

MainWindow::~MainWindow() {
  sampler_->stop();
  // The model's source stops before the scene and docks listening to it go.
  model_->setSource(nullptr);
}

void MainWindow::startSampling() {
  auto* source = dynamic_cast<visualizer::InformerClusterSource*>(model_->source());
  auto* rest = source ? dynamic_cast<client::RestClient*>(&source->api()) : nullptr;
  if (!rest) {
    sampler_->stop();
    return;
  }
  sampler_->start(rest->config());
}

void MainWindow::registerDock(QDockWidget* dock, Qt::DockWidgetArea area) {
  addDockWidget(area, dock);
  docksMenu_->addAction(dock->toggleViewAction());
}

void MainWindow::connectTo(const ConnectionRequest& request) {
  delete connection_;
  connection_ = new ClusterConnection(model_, this);
  connect(connection_, &ClusterConnection::progress, this, [this](const QString& message) {
    statusSource_.clear();
    showStatus(message);
    scene_->setPlaceholderText(message);
  });
  connect(connection_, &ClusterConnection::connected, this, [this] {
    statusSource_ = QStringLiteral("connected");
    retranslateUi();
  });
  connect(connection_, &ClusterConnection::failed, this, [this](const QString& message) {
    statusSource_.clear();
    QString text = tr("Could not reach the cluster: %1").arg(message);
    showStatus(text.section(QLatin1Char('\n'), 0, 0));
    scene_->setPlaceholderText(text);
  });
  connect(connection_, &ClusterConnection::sharesAddressesWith, this, [this](const QStringList& others) {
    QMessageBox* warning = new QMessageBox(
        QMessageBox::Warning, tr("Another cluster is running"),
        tr("Another KubeLab cluster is running on this machine (%1). Every cluster uses the same pod, Service and "
           "LoadBalancer addresses, so pods that listen on the same port in both clash: they restart, or never "
           "become ready. Stop the other one with: kubelabctl down --state-dir %2")
            .arg(others.join(QStringLiteral(", ")), others.first()),
        QMessageBox::Ok, this);
    warning->setAttribute(Qt::WA_DeleteOnClose);
    warning->setModal(false);
    warning->show();
  });
  if (!request.context.isEmpty()) instructor_->setCluster(request);  // disabled: not supervised by us
  connect(connection_, &ClusterConnection::connected, instructor_, [this, request] { instructor_->setCluster(request); });
  connection_->start(request);
  timeTravel_->recordCluster(request.context.isEmpty() ? request.clusterName : request.context);
  statusSource_ = QStringLiteral("connecting");
  retranslateUi();
}

void MainWindow::createMenus() {
  fileMenu_ = menuBar()->addMenu(QString());
  stopClusterAction_ = fileMenu_->addAction(QString(), instructor_, &InstructorDock::stopCluster);
  onQuitMenu_ = fileMenu_->addMenu(QString());
  auto* quitGroup = new QActionGroup(this);
  auto addQuitChoice = [this, quitGroup](const QString& choice) {
    QAction* action = onQuitMenu_->addAction(QString());
    action->setCheckable(true);
    action->setChecked(QSettings().value(QStringLiteral("quit/embeddedCluster"), QStringLiteral("ask")).toString() == choice);
    quitGroup->addAction(action);
    connect(action, &QAction::triggered, this, [choice] { QSettings().setValue(QStringLiteral("quit/embeddedCluster"), choice); });
    return action;
  };
  quitAskAction_ = addQuitChoice(QStringLiteral("ask"));
  quitKeepAction_ = addQuitChoice(QStringLiteral("keep"));
  quitStopAction_ = addQuitChoice(QStringLiteral("stop"));
  fileMenu_->addSeparator();
  quitAction_ = fileMenu_->addAction(QString(), qApp, &QApplication::closeAllWindows);
  quitAction_->setShortcut(QKeySequence::Quit);

  viewMenu_ = menuBar()->addMenu(QString());
  fitAction_ = viewMenu_->addAction(QString(), view_, &visualizer::ClusterView::fitAll);
  fitAction_->setShortcut(Qt::CTRL | Qt::Key_0);
  zoomInAction_ = viewMenu_->addAction(QString(), this, [this] { view_->zoomBy(1.25); });
  zoomInAction_->setShortcut(QKeySequence::ZoomIn);
  zoomOutAction_ = viewMenu_->addAction(QString(), this, [this] { view_->zoomBy(0.8); });
  zoomOutAction_->setShortcut(QKeySequence::ZoomOut);
  viewMenu_->addSeparator();
  docksMenu_ = viewMenu_->addMenu(QString());

  languageMenu_ = menuBar()->addMenu(QString());
  languageGroup_ = new QActionGroup(this);
  auto addLanguage = [this](const QString& code) {
    QAction* action = languageMenu_->addAction(QString());
    action->setCheckable(true);
    action->setChecked(languages_->chosenLanguage() == code);
    languageGroup_->addAction(action);
    connect(action, &QAction::triggered, this, [this, code] { languages_->setLanguage(code); });
    return action;
  };
  systemLanguageAction_ = addLanguage(QString());
  languageMenu_->addSeparator();
  englishAction_ = addLanguage(QStringLiteral("en"));
  koreanAction_ = addLanguage(QStringLiteral("ko"));

  helpMenu_ = menuBar()->addMenu(QString());
  aboutAction_ = helpMenu_->addAction(QString(), this, [this] {
    QMessageBox::about(this, tr("About KubeLab"),
                       tr("KubeLab runs a real Kubernetes-style cluster on this machine and shows what its "
                          "control plane does as it reconciles."));
  });
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi() {
  QString cluster = connection_ ? connection_->displayName() : QString();
  setWindowTitle(cluster.isEmpty() ? tr("KubeLab") : tr("KubeLab — %1").arg(cluster));
  fileMenu_->setTitle(tr("&File"));
  quitAction_->setText(tr("&Quit"));
  stopClusterAction_->setText(tr("&Stop the embedded cluster"));
  stopClusterAction_->setToolTip(tr("Stops every process of the embedded cluster and keeps its data for the next start"));
  onQuitMenu_->setTitle(tr("When &quitting"));
  quitAskAction_->setText(tr("Ask what to do with the embedded cluster"));
  quitKeepAction_->setText(tr("Keep the embedded cluster running in the background"));
  quitStopAction_->setText(tr("Stop the embedded cluster"));
  viewMenu_->setTitle(tr("&View"));
  fitAction_->setText(tr("&Fit the cluster in the window"));
  zoomInAction_->setText(tr("Zoom &in"));
  zoomOutAction_->setText(tr("Zoom &out"));
  docksMenu_->setTitle(tr("&Panels"));
  languageMenu_->setTitle(tr("&Language"));
  systemLanguageAction_->setText(tr("System language"));
  englishAction_->setText(QStringLiteral("English"));
  koreanAction_->setText(QStringLiteral("한국어"));
  helpMenu_->setTitle(tr("&Help"));
  aboutAction_->setText(tr("&About KubeLab"));
  if (statusSource_ == QLatin1String("connecting")) {
    showStatus(tr("Connecting to %1…").arg(cluster));
    scene_->setPlaceholderText(tr("Connecting to %1…").arg(cluster));
  } else if (statusSource_ == QLatin1String("connected")) {
    showStatus(tr("Connected to %1; reading the cluster…").arg(cluster));
  } else if (statusSource_ == QLatin1String("synced")) {
    showStatus(tr("Watching %1").arg(cluster));
    scene_->setPlaceholderText(tr("This cluster has no nodes."));
  }
  updateSummary();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (closeAfterStop_ || !connection_ || !connection_->isEmbedded() || !instructor_->isEmbedded()) {
    QMainWindow::closeEvent(event);
    return;
  }
  QSettings settings;
  QString choice = settings.value(QStringLiteral("quit/embeddedCluster"), QStringLiteral("ask")).toString();
  if (choice != QLatin1String("keep") && choice != QLatin1String("stop")) {
    QMessageBox box(this);
    box.setIcon(QMessageBox::Question);
    box.setWindowTitle(tr("Quit KubeLab"));
    box.setText(tr("The embedded cluster can keep running in the background, so the next start is quick, "
                   "or stop now (its data is kept either way)."));
    QAbstractButton* keep = box.addButton(tr("Keep it running"), QMessageBox::AcceptRole);
    QAbstractButton* stop = box.addButton(tr("Stop the cluster"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    auto* remember = new QCheckBox(tr("Remember my choice (File › When quitting)"));
    box.setCheckBox(remember);
    box.exec();
    if (box.clickedButton() == keep) {
      choice = QStringLiteral("keep");
    } else if (box.clickedButton() == stop) {
      choice = QStringLiteral("stop");
    } else {
      event->ignore();
      return;
    }
    if (remember->isChecked()) {
      settings.setValue(QStringLiteral("quit/embeddedCluster"), choice);
      (choice == QLatin1String("keep") ? quitKeepAction_ : quitStopAction_)->setChecked(true);
    }
  }
  if (choice == QLatin1String("stop")) {
    // Stopping takes a few seconds; the window closes when the cluster is down.
    event->ignore();
    connect(instructor_, &InstructorDock::clusterStopped, this, [this] {
      closeAfterStop_ = true;
      close();
    }, Qt::SingleShotConnection);
    instructor_->stopCluster();
    return;
  }
  QMainWindow::closeEvent(event);
}

void MainWindow::showStatus(const QString& message) { statusLabel_->setText(message); }

void MainWindow::updateSummary() {
  int pending = 0;
  for (const visualizer::PodView& pod : model_->pods()) pending += !pod.scheduled();
  summaryLabel_->setText(tr("%n node(s)", nullptr, static_cast<int>(model_->nodes().size())) + QStringLiteral(" · ") +
                         tr("%n pod(s)", nullptr, static_cast<int>(model_->pods().size())) + QStringLiteral(" · ") +
                         tr("%n unscheduled", nullptr, pending));
}

}  // namespace kubelab::app
