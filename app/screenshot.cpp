#include "screenshot.h"

#include <QApplication>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

#include "mainwindow.h"

namespace kubelab::app {

void saveScreenshotWhenShown(MainWindow* window, const QString& file, int delayMilliseconds) {
  auto save = [window, file] {
    bool saved = window->grab().save(file, "PNG");
    std::fprintf(saved ? stdout : stderr, "%s %s\n", saved ? "screenshot saved to" : "could not save",
                 qPrintable(file));
    QApplication::exit(saved ? 0 : 1);
  };
  QObject::connect(window->model(), &visualizer::ClusterModel::synced, window,
                   [save, delayMilliseconds] { QTimer::singleShot(delayMilliseconds, save); });
  QObject::connect(window->connection(), &ClusterConnection::failed, window, [save] { QTimer::singleShot(500, save); });
}

}  // namespace kubelab::app
