// kubelab: the desktop app. Without options it starts (or resumes) the embedded 3-node
// cluster "kubelab"; --context opens a kubeconfig context instead.

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QTabWidget>
#include <QTimer>

#include <memory>

#include "backgroundwork.h"
#include "languageswitcher.h"
#include "mainwindow.h"
#include "screenshot.h"
#include "supervisecommand.h"

int main(int argc, char** argv) {
  if (kubelab::app::isSuperviseCommand(argc, argv)) return kubelab::app::runSuperviseCommand(argc, argv);

  QApplication application(argc, argv);
  QApplication::setApplicationName(QStringLiteral("kubelab"));
  QApplication::setOrganizationName(QStringLiteral("KubeLab"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
  kubelab::app::LanguageSwitcher languages;

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "KubeLab: a Kubernetes cluster to learn from."));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption context(QStringLiteral("context"), QApplication::translate("main", "Open this kubeconfig context instead of the embedded cluster."), QStringLiteral("name"));
  QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QApplication::translate("main", "The kubeconfig file for --context."), QStringLiteral("file"));
  QCommandLineOption cluster(QStringLiteral("cluster"), QApplication::translate("main", "The embedded cluster's name."), QStringLiteral("name"), QStringLiteral("kubelab"));
  QCommandLineOption stateDirectory(QStringLiteral("state-dir"), QApplication::translate("main", "The embedded cluster's state directory."), QStringLiteral("directory"));
  QCommandLineOption nodes(QStringLiteral("nodes"), QApplication::translate("main", "Nodes of a new embedded cluster."), QStringLiteral("count"), QStringLiteral("3"));
  QCommandLineOption runtime(QStringLiteral("runtime"), QApplication::translate("main", "Pod runtime of a new embedded cluster: simulated or process."), QStringLiteral("runtime"));
  QCommandLineOption language(QStringLiteral("language"), QApplication::translate("main", "The UI language: en or ko (remembered)."), QStringLiteral("code"));
  QCommandLineOption screenshot(QStringLiteral("screenshot"), QApplication::translate("main", "Save the window as PNG once the cluster is shown, then quit."), QStringLiteral("file"));
  QCommandLineOption screenshotDelay(QStringLiteral("screenshot-delay"), QApplication::translate("main", "Milliseconds to wait after the cluster is shown before --screenshot."), QStringLiteral("ms"), QStringLiteral("3000"));
  QCommandLineOption panel(QStringLiteral("panel"), QApplication::translate("main", "Show this panel first (charts, events, inspector, timeTravel; charts:2 for its third tab)."), QStringLiteral("name"));
  parser.addOptions({context, kubeconfig, cluster, stateDirectory, nodes, runtime, language, screenshot, screenshotDelay, panel});
  parser.process(application);

  if (parser.isSet(language)) languages.setLanguage(parser.value(language));
  auto owner = std::make_unique<kubelab::app::MainWindow>(&languages);
  kubelab::app::MainWindow& window = *owner;
  window.show();

  kubelab::app::ConnectionRequest request;
  request.context = parser.value(context);
  request.kubeconfig = parser.value(kubeconfig);
  request.clusterName = parser.value(cluster);
  request.stateDirectory = parser.value(stateDirectory);
  request.nodes = parser.value(nodes).toInt();
  request.runtime = parser.value(runtime);
  window.connectTo(request);
  if (parser.isSet(panel)) {
    // NAME or NAME:TAB, the tab's index in the panel's tabs.
    QString name = parser.value(panel).section(QLatin1Char(':'), 0, 0);
    if (auto* dock = window.findChild<QDockWidget*>(name + QStringLiteral("Dock"))) {
      dock->show();
      dock->raise();
      window.resizeDocks({dock}, {420}, Qt::Vertical);
      auto* tabs = dock->findChild<QTabWidget*>();
      bool ok = false;
      int tab = parser.value(panel).section(QLatin1Char(':'), 1).toInt(&ok);
      if (tabs && ok) tabs->setCurrentIndex(tab);
    }
  }

  if (parser.isSet(screenshot)) {
    kubelab::app::saveScreenshotWhenShown(&window, parser.value(screenshot), parser.value(screenshotDelay).toInt());
  }
  int exitCode = application.exec();
  owner.reset();
  kubelab::app::waitForBackgroundWork();
  return exitCode;
}
