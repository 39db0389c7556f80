#pragma once
// `kubelab --screenshot FILE`: once the model has synced, wait a moment for the animations,
// save the window as PNG and quit (how the docs' pictures and a quick look under Xvfb are made).

#include <QString>

namespace kubelab::app {

class MainWindow;

void saveScreenshotWhenShown(MainWindow* window, const QString& file, int delayMilliseconds);

}  // namespace kubelab::app
