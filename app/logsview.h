#pragma once
// The inspector's Logs tab: a pod's container log, with a container chooser, a "previous
// instance" toggle and "follow", which fetches the tail again every kFollowInterval while the
// tab shows a pod. Every fetch runs on a worker thread (QThreadPool) and comes back queued to
// the GUI thread, which never waits; a fetch whose answer is overtaken by a newer request
// (another pod, container or toggle) is dropped.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <memory>

#include "logsource.h"

namespace kubelab::app {

class LogsView : public QWidget {
  Q_OBJECT

 public:
  static constexpr std::chrono::milliseconds kFollowInterval{2000};

  explicit LogsView(QWidget* parent = nullptr);

  // Null shows that logs are unavailable (no API to ask).
  void setSource(std::shared_ptr<LogSource> source);
  // Shows this pod's log; an empty name clears the view. Keeps the chosen container when the
  // pod still has it.
  void setPod(const QString& ns, const QString& pod, const QStringList& containers);

  QString text() const { return log_->toPlainText(); }
  QString statusText() const { return status_->text(); }
  QComboBox* containerChooser() const { return container_; }
  QCheckBox* previousToggle() const { return previous_; }
  QCheckBox* followToggle() const { return follow_; }
  // Fetches started so far (tests).
  int fetches() const { return fetches_; }

 signals:
  void logShown();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void fetch();
  void deliver(quint64 generation, const LogResult& result);
  void retranslateUi();

  std::shared_ptr<LogSource> source_;
  QString ns_;
  QString pod_;
  QLabel* containerLabel_;
  QComboBox* container_;
  QCheckBox* previous_;
  QCheckBox* follow_;
  QLabel* status_;
  QPlainTextEdit* log_;
  QTimer followTimer_;
  quint64 generation_ = 0;  // bumped by every new request; answers to older ones are dropped
  bool inFlight_ = false;
  int fetches_ = 0;
  QString shownText_;  // the log as last fetched
  QString statusKey_;  // what status_ says, untranslated, so a language switch can say it again
  QString statusDetail_;
};

}  // namespace kubelab::app
