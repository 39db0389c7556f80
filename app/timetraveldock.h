#pragma once
// Time travel: the app records what its model sees (visualizer/changelog) into
// <AppDataLocation>/recordings/<cluster>.sqlite, keeping the last hour, and this panel scrubs
// through it. Moving the slider (or Play) swaps the window's cluster view for a replay view
// whose separate model and scene are rebuilt at that moment; the live model keeps following
// the cluster underneath, and "Live" swaps it back. The recording is read on the replay
// model's reader thread, never here: the slider asks for a moment and the replay view changes
// when the answer comes (the latest moment asked for wins).

#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QSlider>
#include <QStackedWidget>
#include <QTimer>

#include <memory>

#include "changelog.h"
#include "replaymodel.h"
#include "clusterscene.h"
#include "clusterview.h"

namespace kubelab::app {

class TimeTravelDock : public QDockWidget {
  Q_OBJECT

 public:
  static constexpr int kSliderStepMsecs = 100;
  static constexpr int kPlayTickMsecs = 100;

  // Takes over `window`'s central widget, putting it in a stack with the replay view.
  TimeTravelDock(visualizer::ClusterModel* live, QMainWindow* window, QWidget* parent = nullptr);
  ~TimeTravelDock() override;

  // Starts recording into this cluster's file (the embedded cluster's name or a context).
  void recordCluster(const QString& clusterName, const QString& path = {});
  // Whether a past moment was asked for (the replay view shows once its first answer comes).
  bool isReplaying() const { return replaying_; }
  bool isShowingReplay() const { return stack_->currentIndex() == 1; }
  // Shows the cluster as it was at `msecs` (since the epoch), once the recording is read.
  void replayAt(qint64 msecs);
  void goLive();
  void setPlaying(bool playing);
  visualizer::ChangeRecorder* recorder() const { return recorder_.get(); }
  visualizer::ReplayModel* replay() const { return replay_.get(); }
  visualizer::ClusterScene* replayScene() const { return replayScene_; }
  QSlider* slider() const { return slider_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void updateRange();
  void rangeRead(qint64 first, qint64 last);
  void replayShown();
  void ensureReplay();
  void showTime();
  void retranslateUi();

  visualizer::ClusterModel* live_;
  std::unique_ptr<visualizer::ChangeRecorder> recorder_;
  std::unique_ptr<visualizer::ReplayModel> replay_;
  visualizer::ClusterScene* replayScene_ = nullptr;
  visualizer::ClusterView* replayView_ = nullptr;
  QStackedWidget* stack_;
  QPushButton* playButton_;
  QSlider* slider_;
  QLabel* timeLabel_;
  QPushButton* liveButton_;
  QTimer rangeTimer_;
  QTimer playTimer_;
  qint64 first_ = 0;
  qint64 last_ = 0;
  bool fitted_ = false;
  bool replaying_ = false;
};

}  // namespace kubelab::app
