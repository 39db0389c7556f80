#pragma once
// One followed log (LogSource::follow, `kubectl logs -f`) for the Logs tab. The stream is read
// on a thread of its own (runInBackground, so the program joins it at exit), and its text comes
// to the GUI thread in batches: the worker posts one notification and adds to a buffer until the
// GUI thread has taken it, and the GUI thread takes it at most once per kBatchInterval, so a
// chatty container costs the event loop ten appends a second, not one per chunk. stop(), or
// destroying the follower, ends the stream within LogSource::kStopPoll without waiting for it.

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

#include "logsource.h"

namespace kubelab::app {

class LogFollower : public QObject {
  Q_OBJECT

 public:
  static constexpr std::chrono::milliseconds kBatchInterval{100};
  // Text the worker holds while the GUI thread catches up; older lines are dropped beyond it.
  static constexpr qsizetype kMaxPendingChars = 1024 * 1024;

  // Starts following at once.
  LogFollower(std::shared_ptr<LogSource> source, LogRequest request, QObject* parent = nullptr);
  ~LogFollower() override;

  // Ends the stream; no signal comes after this.
  void stop();

 signals:
  void opened();  // the server accepted the request
  void textArrived(const QString& text);
  void ended(const kubelab::app::LogStreamEnd& end);  // after the last textArrived

 private:
  struct Shared;
  void takePending();
  void onNotified();
  void finish(const LogStreamEnd& end);

  std::shared_ptr<Shared> shared_;
  QTimer cooldown_;
  bool takeWhenCool_ = false;
  bool stopped_ = false;
};

}  // namespace kubelab::app
