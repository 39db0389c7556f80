#include "logsview.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPointer>
#include <QScrollBar>
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
      log_(new QPlainTextEdit) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* controls = new QHBoxLayout;
  controls->addWidget(containerLabel_);
  controls->addWidget(container_, 1);
  controls->addWidget(previous_);
  controls->addWidget(follow_);
  layout->addLayout(controls);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  log_->setReadOnly(true);
  log_->setLineWrapMode(QPlainTextEdit::NoWrap);
  log_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  log_->setMaximumBlockCount(5000);
  layout->addWidget(log_, 1);
  follow_->setChecked(true);
  followTimer_.setInterval(kFollowInterval);
  connect(&followTimer_, &QTimer::timeout, this, [this] {
    if (!inFlight_) fetch();
  });
  connect(container_, &QComboBox::currentIndexChanged, this, [this] {
    ++generation_;
    inFlight_ = false;
    fetch();
  });
  connect(previous_, &QCheckBox::toggled, this, [this] {
    ++generation_;
    inFlight_ = false;
    fetch();
  });
  connect(follow_, &QCheckBox::toggled, this, [this](bool on) {
    if (on && !pod_.isEmpty()) {
      followTimer_.start();
    } else {
      followTimer_.stop();
    }
  });
  retranslateUi();
}

void LogsView::setSource(std::shared_ptr<LogSource> source) {
  source_ = std::move(source);
  ++generation_;
  inFlight_ = false;
  fetch();
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
  if (samePod && !pod.isEmpty()) return;  // the same pod changed: following picks up its log
  ++generation_;
  inFlight_ = false;
  log_->clear();
  shownText_.clear();
  if (pod_.isEmpty()) {
    followTimer_.stop();
  } else if (follow_->isChecked()) {
    followTimer_.start();
  }
  fetch();
}

void LogsView::fetch() {
  if (pod_.isEmpty()) {
    statusKey_ = QStringLiteral("none");
    retranslateUi();
    return;
  }
  if (!source_) {
    statusKey_ = QStringLiteral("nosource");
    retranslateUi();
    return;
  }
  LogRequest request{ns_, pod_, container_->currentText(), previous_->isChecked(), 500};
  if (log_->document()->isEmpty()) {
    statusKey_ = QStringLiteral("loading");
    retranslateUi();
  }
  inFlight_ = true;
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
  inFlight_ = false;
  if (!result.ok) {
    statusKey_ = QStringLiteral("error");
    statusDetail_ = result.error;
    retranslateUi();
    return;
  }
  statusKey_ = result.text.isEmpty() ? QStringLiteral("empty") : QStringLiteral("shown");
  retranslateUi();
  if (result.text != shownText_ || log_->document()->isEmpty()) {
    shownText_ = result.text;
    QScrollBar* bar = log_->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    int scroll = bar->value();
    QString text = result.text;
    if (text.endsWith(QLatin1Char('\n'))) text.chop(1);  // else the view ends in an empty line
    log_->setPlainText(text);
    bar->setValue(atEnd ? bar->maximum() : scroll);
  }
  emit logShown();
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
  follow_->setToolTip(tr("Fetch the log's tail again every two seconds"));
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
    status_->setText(tr("The log's last lines (up to %1).").arg(500));
  }
}

}  // namespace kubelab::app
