#include "mainwindow.h"

#include <QApplication>
#include <QEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include "eventsdock.h"
#include "inspectordock.h"
#include "languageswitcher.h"

namespace kubelab::app {

MainWindow::MainWindow(LanguageSwitcher* languages, QWidget* parent)
    : QMainWindow(parent),
      languages_(languages),
      model_(new visualizer::ClusterModel(this)),
      scene_(new visualizer::ClusterScene(model_, this)),
      view_(new visualizer::ClusterView(scene_)),
      inspector_(new InspectorDock(model_)),
      events_(new EventsDock(model_)),
      statusLabel_(new QLabel),
      summaryLabel_(new QLabel) {
  setObjectName(QStringLiteral("mainWindow"));
  setCentralWidget(view_);
  statusBar()->addWidget(statusLabel_, 1);
  statusBar()->addPermanentWidget(summaryLabel_);
  createMenus();
  registerDock(inspector_, Qt::RightDockWidgetArea);
  registerDock(events_, Qt::BottomDockWidgetArea);
  resizeDocks({inspector_}, {330}, Qt::Horizontal);
  resizeDocks({events_}, {170}, Qt::Vertical);
  connect(scene_, &visualizer::ClusterScene::objectSelected, inspector_, &InspectorDock::inspect);
  connect(model_, &visualizer::ClusterModel::batchApplied, this, &MainWindow::updateSummary);
  connect(model_, &visualizer::ClusterModel::synced, this, [this] {
    statusSource_ = QStringLiteral("synced");
    retranslateUi();
    view_->fitAll();  // once, when the whole cluster is first known; zooming is the user's after that
  });
  resize(1480, 920);
  retranslateUi();
}

MainWindow::~MainWindow() {
  // The model's source stops before the scene and docks listening to it go.
  model_->setSource(nullptr);
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
  connection_->start(request);
  statusSource_ = QStringLiteral("connecting");
  retranslateUi();
}

void MainWindow::createMenus() {
  fileMenu_ = menuBar()->addMenu(QString());
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

void MainWindow::showStatus(const QString& message) { statusLabel_->setText(message); }

void MainWindow::updateSummary() {
  int pending = 0;
  for (const visualizer::PodView& pod : model_->pods()) pending += !pod.scheduled();
  summaryLabel_->setText(tr("%n node(s)", nullptr, static_cast<int>(model_->nodes().size())) + QStringLiteral(" · ") +
                         tr("%n pod(s)", nullptr, static_cast<int>(model_->pods().size())) + QStringLiteral(" · ") +
                         tr("%n unscheduled", nullptr, pending));
}

}  // namespace kubelab::app
