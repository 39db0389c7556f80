#pragma once
// The inspector's Logs tab: a pod's container log, with a container chooser, a "previous
// instance" toggle and "follow". Following streams the log as `kubectl logs -f` does (one
// request kept open, through a LogFollower on a thread of its own), appending what the container
// writes and keeping the last kMaxLines lines; without it (or for the previous instance) the
// tail is fetched once on a worker thread (QThreadPool). Answers come back queued to the GUI
// thread, which never waits; an answer or stream overtaken by a newer request (another pod,
// container or toggle) is dropped or stopped. When a followed stream ends (the container
// stopped, the pod went, the server went away) the tab says so and offers to follow again; a
// follow the server refuses (a container not started yet) is tried again every kRetryInterval.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <memory>

#include "logfollower.h"
#include "logsource.h"

namespace kubelab::app {

class LogsView : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kTailLines = 500;
  static constexpr int kMaxLines = 5000;
  static constexpr std::chrono::milliseconds kRetryInterval{2000};

  explicit LogsView(QWidget* parent = nullptr);
  ~LogsView() override;

  // Null shows that logs are unavailable (no API to ask).
  void setSource(std::shared_ptr<LogSource> source);
  // Shows this pod's log; an empty name clears the view. Keeps the chosen container when the
  // pod still has it, and a stream that follows it.
  void setPod(const QString& ns, const QString& pod, const QStringList& containers);

  QString text() const { return log_->toPlainText(); }
  int lineCount() const { return log_->document()->blockCount(); }
  QString statusText() const { return status_->text(); }
  QComboBox* containerChooser() const { return container_; }
  QCheckBox* previousToggle() const { return previous_; }
  QCheckBox* followToggle() const { return follow_; }
  QPushButton* followAgainButton() const { return followAgain_; }
  bool isFollowing() const { return follower_ != nullptr; }
  // Fetches and streams started so far (tests).
  int fetches() const { return fetches_; }
  int streams() const { return streams_; }

 signals:
  void logShown();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  // Drops what is shown and asks again for the current pod, container and toggles.
  void restart();
  void fetch();
  void deliver(quint64 generation, const LogResult& result);
  void startFollowing();
  void stopFollowing();
  void append(const QString& text);
  void followEnded(const LogStreamEnd& end);
  void setStatus(const QString& key, const QString& detail = {});
  void retranslateUi();

  std::shared_ptr<LogSource> source_;
  QString ns_;
  QString pod_;
  QLabel* containerLabel_;
  QComboBox* container_;
  QCheckBox* previous_;
  QCheckBox* follow_;
  QLabel* status_;
  QPushButton* followAgain_;
  QPlainTextEdit* log_;
  std::unique_ptr<LogFollower> follower_;
  QTimer retryTimer_;
  quint64 generation_ = 0;  // bumped by every new request; answers to older ones are dropped
  int fetches_ = 0;
  int streams_ = 0;
  bool newlineHeldBack_ = false;  // the streamed text ended in a newline not shown yet
  QString statusKey_;  // what status_ says, untranslated, so a language switch can say it again
  QString statusDetail_;
};

}  // namespace kubelab::app
