#include "logsview.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPointer>
#include <QScrollBar>
#include <QTextCursor>
#include <QThreadPool>
#include <QVBoxLayout>

namespace kubelab::app {

LogsView::LogsView(QWidget* parent)
    : QWidget(parent),
      containerLabel_(new QLabel),
      container_(new QComboBox),
      previous_(new QCheckBox),
      follow_(new QCheckBox),
      status_(new QLabel),
      followAgain_(new QPushButton),
      log_(new QPlainTextEdit) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* controls = new QHBoxLayout;
  controls->addWidget(containerLabel_);
  controls->addWidget(container_, 1);
  controls->addWidget(previous_);
  controls->addWidget(follow_);
  layout->addLayout(controls);
  auto* statusRow = new QHBoxLayout;
  status_->setWordWrap(true);
  statusRow->addWidget(status_, 1);
  statusRow->addWidget(followAgain_);
  followAgain_->hide();
  layout->addLayout(statusRow);
  log_->setReadOnly(true);
  log_->setLineWrapMode(QPlainTextEdit::NoWrap);
  log_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  log_->setMaximumBlockCount(kMaxLines);
  layout->addWidget(log_, 1);
  follow_->setChecked(true);
  retryTimer_.setSingleShot(true);
  retryTimer_.setInterval(kRetryInterval);
  connect(&retryTimer_, &QTimer::timeout, this, [this] {
    if (follow_->isChecked() && !previous_->isChecked() && !follower_) startFollowing();
  });
  connect(container_, &QComboBox::currentIndexChanged, this, &LogsView::restart);
  connect(previous_, &QCheckBox::toggled, this, [this](bool previous) {
    follow_->setEnabled(!previous);  // a terminated instance writes nothing more
    restart();
  });
  connect(follow_, &QCheckBox::toggled, this, [this](bool on) {
    if (on) {
      restart();
    } else if (follower_ || retryTimer_.isActive()) {
      stopFollowing();
      setStatus(QStringLiteral("stopped"));
    }
  });
  connect(followAgain_, &QPushButton::clicked, this, &LogsView::restart);
  retranslateUi();
}

LogsView::~LogsView() = default;

void LogsView::setSource(std::shared_ptr<LogSource> source) {
  source_ = std::move(source);
  restart();
}

void LogsView::setPod(const QString& ns, const QString& pod, const QStringList& containers) {
  const bool samePod = ns == ns_ && pod == pod_;
  ns_ = ns;
  pod_ = pod;
  QString chosen = container_->currentText();
  {
    QSignalBlocker blocker(container_);
    container_->clear();
    container_->addItems(containers);
    int index = container_->findText(chosen);
    container_->setCurrentIndex(index >= 0 ? index : 0);
  }
  const bool sameContainer = container_->currentText() == chosen;
  if (samePod && sameContainer && !pod.isEmpty()) return;  // the same pod changed; its log goes on
  restart();
}

void LogsView::restart() {
  ++generation_;
  stopFollowing();
  log_->clear();
  newlineHeldBack_ = false;
  if (pod_.isEmpty()) return setStatus(QStringLiteral("none"));
  if (!source_) return setStatus(QStringLiteral("nosource"));
  setStatus(QStringLiteral("loading"));
  if (follow_->isChecked() && !previous_->isChecked()) {
    startFollowing();
  } else {
    fetch();
  }
}

void LogsView::fetch() {
  LogRequest request{ns_, pod_, container_->currentText(), previous_->isChecked(), kTailLines};
  ++fetches_;
  const quint64 generation = generation_;
  QPointer<LogsView> guard(this);
  std::shared_ptr<LogSource> source = source_;
  QThreadPool::globalInstance()->start([source, request, generation, guard] {
    LogResult result = source->fetch(request);
    QMetaObject::invokeMethod(QCoreApplication::instance(), [guard, generation, result] {
      if (guard) guard->deliver(generation, result);
    });
  });
}

void LogsView::deliver(quint64 generation, const LogResult& result) {
  if (generation != generation_) return;
  if (!result.ok) return setStatus(QStringLiteral("error"), result.error);
  setStatus(result.text.isEmpty() ? QStringLiteral("empty") : QStringLiteral("shown"));
  QString text = result.text;
  if (text.endsWith(QLatin1Char('\n'))) text.chop(1);  // else the view ends in an empty line
  log_->setPlainText(text);
  log_->verticalScrollBar()->setValue(log_->verticalScrollBar()->maximum());
  emit logShown();
}

void LogsView::startFollowing() {
  LogRequest request{ns_, pod_, container_->currentText(), false, kTailLines, true};
  ++streams_;
  follower_ = std::make_unique<LogFollower>(source_, request);
  connect(follower_.get(), &LogFollower::opened, this, [this] {
    if (log_->document()->isEmpty()) setStatus(QStringLiteral("following"));
  });
  connect(follower_.get(), &LogFollower::textArrived, this, &LogsView::append);
  connect(follower_.get(), &LogFollower::ended, this, &LogsView::followEnded);
}

void LogsView::stopFollowing() {
  retryTimer_.stop();
  followAgain_->hide();
  // Stopped, the follower sends nothing more; its thread closes the stream on its own.
  follower_.reset();
}

void LogsView::append(const QString& text) {
  QString piece = text;
  if (newlineHeldBack_) piece.prepend(QLatin1Char('\n'));
  // A newline at the end is shown with the next line, so the view does not end in an empty one.
  newlineHeldBack_ = piece.endsWith(QLatin1Char('\n'));
  if (newlineHeldBack_) piece.chop(1);
  if (piece.isEmpty()) return;
  QScrollBar* bar = log_->verticalScrollBar();
  const bool atEnd = bar->value() >= bar->maximum() - 2;
  QTextCursor cursor(log_->document());
  cursor.movePosition(QTextCursor::End);
  cursor.insertText(piece);  // the document drops its first lines beyond kMaxLines
  if (atEnd) bar->setValue(bar->maximum());
  if (statusKey_ != QLatin1String("following")) setStatus(QStringLiteral("following"));
  emit logShown();
}

void LogsView::followEnded(const LogStreamEnd& end) {
  // Deleting the follower inside its own signal would pull the object out from under it.
  follower_.release()->deleteLater();
  if (end.reason == LogStreamEnd::Reason::Failed && !end.received) {
    // Refused before anything arrived: a container not started yet, a server coming back.
    setStatus(QStringLiteral("retrying"), end.error);
    retryTimer_.start();
    return;
  }
  if (end.reason == LogStreamEnd::Reason::Failed) {
    setStatus(QStringLiteral("broken"), end.error);
  } else {
    setStatus(QStringLiteral("ended"));
  }
  followAgain_->show();
  emit logShown();
}

void LogsView::setStatus(const QString& key, const QString& detail) {
  statusKey_ = key;
  statusDetail_ = detail;
  retranslateUi();
}

void LogsView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void LogsView::retranslateUi() {
  containerLabel_->setText(tr("Container:"));
  previous_->setText(tr("Previous instance"));
  previous_->setToolTip(tr("The log of the container's last terminated run (kubectl logs --previous)"));
  follow_->setText(tr("Follow"));
  follow_->setToolTip(tr("Show what the container writes as it writes it (kubectl logs -f)"));
  followAgain_->setText(tr("Follow again"));
  followAgain_->setToolTip(tr("Fetch the log's last lines again and keep following"));
  if (statusKey_ == QLatin1String("none")) {
    status_->setText(tr("Logs are shown for pods."));
  } else if (statusKey_ == QLatin1String("nosource")) {
    status_->setText(tr("Logs need a connection to the API server."));
  } else if (statusKey_ == QLatin1String("loading")) {
    status_->setText(tr("Fetching the log…"));
  } else if (statusKey_ == QLatin1String("error")) {
    status_->setText(tr("Could not fetch the log: %1").arg(statusDetail_));
  } else if (statusKey_ == QLatin1String("empty")) {
    status_->setText(tr("The log is empty."));
  } else if (statusKey_ == QLatin1String("shown")) {
    status_->setText(tr("The log's last lines (up to %1).").arg(kTailLines));
  } else if (statusKey_ == QLatin1String("following")) {
    status_->setText(tr("Following the log as the container writes it (the last %1 lines are kept).").arg(kMaxLines));
  } else if (statusKey_ == QLatin1String("stopped")) {
    status_->setText(tr("Not following: the log as it was when following stopped."));
  } else if (statusKey_ == QLatin1String("ended")) {
    status_->setText(tr("The log ended: the container stopped, or the pod is gone."));
  } else if (statusKey_ == QLatin1String("broken")) {
    status_->setText(tr("The log stream broke off: %1").arg(statusDetail_));
  } else if (statusKey_ == QLatin1String("retrying")) {
    status_->setText(tr("Could not follow the log: %1. Trying again…").arg(statusDetail_));
  }
}

}  // namespace kubelab::app
