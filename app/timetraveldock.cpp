#include "timetraveldock.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QStyle>

namespace kubelab::app {

TimeTravelDock::TimeTravelDock(visualizer::ClusterModel* live, QMainWindow* window, QWidget* parent)
    : QDockWidget(parent),
      live_(live),
      stack_(new QStackedWidget),
      playButton_(new QPushButton),
      slider_(new QSlider(Qt::Horizontal)),
      timeLabel_(new QLabel),
      liveButton_(new QPushButton) {
  setObjectName(QStringLiteral("timeTravelDock"));
  stack_->addWidget(window->takeCentralWidget());
  window->setCentralWidget(stack_);

  auto* bar = new QWidget;
  auto* layout = new QHBoxLayout(bar);
  layout->setContentsMargins(6, 2, 6, 2);
  playButton_->setCheckable(true);
  liveButton_->setCheckable(true);
  liveButton_->setChecked(true);
  timeLabel_->setMinimumWidth(220);
  layout->addWidget(playButton_);
  layout->addWidget(slider_, 1);
  layout->addWidget(timeLabel_);
  layout->addWidget(liveButton_);
  setWidget(bar);
  slider_->setEnabled(false);

  connect(slider_, &QSlider::sliderMoved, this,
          [this](int value) { replayAt(first_ + static_cast<qint64>(value) * kSliderStepMsecs); });
  connect(slider_, &QSlider::actionTriggered, this, [this](int action) {
    if (action == QAbstractSlider::SliderMove) return;  // sliderMoved handles dragging
    QTimer::singleShot(0, this, [this] { replayAt(first_ + static_cast<qint64>(slider_->value()) * kSliderStepMsecs); });
  });
  connect(playButton_, &QPushButton::toggled, this, &TimeTravelDock::setPlaying);
  connect(liveButton_, &QPushButton::clicked, this, &TimeTravelDock::goLive);
  connect(&rangeTimer_, &QTimer::timeout, this, &TimeTravelDock::updateRange);
  connect(&playTimer_, &QTimer::timeout, this, [this] {
    // From the moment asked for, not the one shown: a slow read does not slow the clock.
    qint64 next = (replay_ ? replay_->requestedAt() : last_) + kPlayTickMsecs;
    if (next >= last_) {
      goLive();
      return;
    }
    replayAt(next);
  });
  rangeTimer_.start(1000);
  retranslateUi();
}

TimeTravelDock::~TimeTravelDock() {
  // The replay scene goes before the replay model it follows.
  delete replayScene_;
}

void TimeTravelDock::recordCluster(const QString& clusterName, const QString& path) {
  goLive();
  replayView_ = nullptr;
  if (stack_->count() > 1) delete stack_->widget(1);
  delete replayScene_;
  replayScene_ = nullptr;
  replay_.reset();
  recorder_.reset();
  recorder_ = std::make_unique<visualizer::ChangeRecorder>(
      live_, path.isEmpty() ? visualizer::ChangeRecorder::defaultPath(clusterName) : path);
  slider_->setEnabled(true);
  updateRange();
}

void TimeTravelDock::ensureReplay() {
  if (replay_ || !recorder_) return;
  replay_ = std::make_unique<visualizer::ReplayModel>(recorder_->path());
  connect(replay_.get(), &visualizer::ReplayModel::rangeRead, this, &TimeTravelDock::rangeRead);
  connect(replay_.get(), &visualizer::ReplayModel::shown, this, &TimeTravelDock::replayShown);
  // The recording has objects only; the control-plane boxes show the components as they are now.
  replay_->model()->setComponents(live_->components());
  connect(live_, &visualizer::ClusterModel::componentsChanged, replay_.get(),
          [this] { replay_->model()->setComponents(live_->components()); });
  replayScene_ = new visualizer::ClusterScene(replay_->model(), this);
  replayView_ = new visualizer::ClusterView(replayScene_);
  replayView_->setObjectName(QStringLiteral("replayView"));
  stack_->addWidget(replayView_);
}

void TimeTravelDock::updateRange() {
  if (!recorder_) return;
  ensureReplay();
  replay_->refreshRange();
}

void TimeTravelDock::rangeRead(qint64 first, qint64 last) {
  if (first == 0) return;
  first_ = first;
  last_ = std::max(last, QDateTime::currentMSecsSinceEpoch());
  QSignalBlocker blocker(slider_);
  slider_->setRange(0, static_cast<int>((last_ - first_) / kSliderStepMsecs));
  slider_->setPageStep(10000 / kSliderStepMsecs);
  slider_->setSingleStep(1000 / kSliderStepMsecs);
  if (!replaying_) slider_->setValue(slider_->maximum());
  showTime();
}

void TimeTravelDock::replayAt(qint64 msecs) {
  ensureReplay();
  if (!replay_) return;
  replaying_ = true;
  liveButton_->setChecked(false);
  replay_->showAt(std::clamp(msecs, first_, std::max(first_, last_)));
  QSignalBlocker blocker(slider_);
  slider_->setValue(static_cast<int>((replay_->requestedAt() - first_) / kSliderStepMsecs));
  showTime();
}

void TimeTravelDock::replayShown() {
  if (!replaying_) return;  // Live was chosen while the recording was read
  stack_->setCurrentIndex(1);
  if (!fitted_ && !replay_->model()->nodes().isEmpty()) {
    replayView_->fitAll();
    fitted_ = true;
  }
  showTime();
}

void TimeTravelDock::goLive() {
  playTimer_.stop();
  replaying_ = false;
  {
    QSignalBlocker blocker(playButton_);
    playButton_->setChecked(false);
  }
  stack_->setCurrentIndex(0);
  liveButton_->setChecked(true);
  updateRange();
  showTime();
  retranslateUi();
}

void TimeTravelDock::setPlaying(bool playing) {
  if (playing) {
    if (!isReplaying()) replayAt(last_ - 60 * 1000);  // from a minute ago
    playTimer_.start(kPlayTickMsecs);
  } else {
    playTimer_.stop();
  }
  {
    QSignalBlocker blocker(playButton_);
    playButton_->setChecked(playing);
  }
  retranslateUi();
}

void TimeTravelDock::showTime() {
  if (!recorder_) {
    timeLabel_->setText(tr("Not recording"));
  } else if (!replaying_) {
    timeLabel_->setText(tr("Live · recording"));
  } else {
    // The moment asked for: the label follows the slider while the recording is read.
    qint64 shown = replay_->requestedAt();
    qint64 ago = (QDateTime::currentMSecsSinceEpoch() - shown) / 1000;
    timeLabel_->setText(tr("Replaying %1 (%2 s ago)")
                            .arg(QDateTime::fromMSecsSinceEpoch(shown).toString(QStringLiteral("HH:mm:ss.z")))
                            .arg(ago));
  }
}

void TimeTravelDock::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDockWidget::changeEvent(event);
}

void TimeTravelDock::retranslateUi() {
  setWindowTitle(tr("Time travel"));
  bool playing = playTimer_.isActive();
  playButton_->setText(playing ? tr("Pause") : tr("Play"));
  playButton_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
  playButton_->setToolTip(tr("Replay the recording from the moment shown (or from a minute ago)"));
  liveButton_->setText(tr("Live"));
  liveButton_->setToolTip(tr("Back to the cluster as it is now"));
  slider_->setToolTip(tr("Drag to see the cluster as it was at any moment of the last hour"));
  showTime();
}

}  // namespace kubelab::app
