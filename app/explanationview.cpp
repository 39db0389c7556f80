#include "explanationview.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QVBoxLayout>

namespace kubelab::app {

ExplanationView::ExplanationView(QWidget* parent)
    : QWidget(parent),
      decisionModel_(new visualizer::SchedulingDecisionModel(this)),
      schedulingTitle_(new QLabel),
      schedulingSummary_(new QLabel),
      table_(new QTableView),
      notesTitle_(new QLabel),
      notes_(new QPlainTextEdit) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  QFont bold = schedulingTitle_->font();
  bold.setBold(true);
  schedulingTitle_->setFont(bold);
  notesTitle_->setFont(bold);
  schedulingSummary_->setWordWrap(true);
  // Labels keep to their text, so the notes take the room the table leaves when hidden.
  for (QLabel* label : {schedulingTitle_, schedulingSummary_, notesTitle_}) {
    label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
  }
  table_->setModel(decisionModel_);
  table_->verticalHeader()->hide();
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  notes_->setReadOnly(true);
  notes_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  layout->addWidget(schedulingTitle_);
  layout->addWidget(schedulingSummary_);
  layout->addWidget(table_, 1);
  layout->addWidget(notesTitle_);
  layout->addWidget(notes_, 1);
  render();
}

void ExplanationView::showObject(bool isPod, std::optional<visualizer::SchedulingDecision> decision,
                                 const QList<ExplainedEvent>& ownerEvents) {
  mode_ = Mode::Object;
  isPod_ = isPod;
  ownerEvents_ = ownerEvents;
  decisionModel_->setDecision(std::move(decision));
  render();
}

void ExplanationView::showDeployment(const visualizer::RolloutArithmetic& arithmetic,
                                     const QList<ExplainedEvent>& ownerEvents) {
  mode_ = Mode::Deployment;
  arithmetic_ = arithmetic;
  ownerEvents_ = ownerEvents;
  decisionModel_->setDecision(std::nullopt);
  render();
}

void ExplanationView::showNothing() {
  mode_ = Mode::Nothing;
  ownerEvents_.clear();
  decisionModel_->setDecision(std::nullopt);
  render();
}

void ExplanationView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) render();
  QWidget::changeEvent(event);
}

void ExplanationView::render() {
  const bool showTable = mode_ == Mode::Object && isPod_;
  schedulingTitle_->setVisible(showTable);
  schedulingSummary_->setVisible(mode_ != Mode::Nothing);
  table_->setVisible(showTable);
  notesTitle_->setVisible(mode_ != Mode::Nothing);
  schedulingTitle_->setText(tr("Why this node?"));
  if (mode_ == Mode::Nothing) {
    schedulingSummary_->clear();
    notes_->setPlainText(tr("Select a pod, ReplicaSet or Deployment to see why it is the way it is."));
    return;
  }
  QStringList lines;
  if (mode_ == Mode::Deployment) {
    schedulingSummary_->setText(tr("How far a rolling update may go at once:"));
    notesTitle_->setText(tr("maxSurge and maxUnavailable"));
    lines << visualizer::RolloutText::explain(arithmetic_);
    if (!ownerEvents_.isEmpty()) lines << QString() << tr("What the Deployment controller did (newest first):");
  } else {
    const auto& decision = decisionModel_->decision();
    if (!isPod_) {
      schedulingSummary_->setText(tr("ReplicaSets are not scheduled; their pods are."));
    } else if (!decision) {
      schedulingSummary_->setText(
          tr("No scheduling decision recorded for this pod (it may be older than its Events, or the cluster's "
             "scheduler does not record them)."));
    } else if (decision->node.isEmpty()) {
      schedulingSummary_->setText(tr("No node fits (%1): %2").arg(decision->eventTime, decision->message));
    } else {
      schedulingSummary_->setText(
          tr("The scheduler chose %1 at %2: %3 of %4 nodes passed the filters, and %1 had the highest weighted "
             "score (each plugin scores 0–100, times its weight).")
              .arg(decision->node, decision->eventTime)
              .arg(decision->nodesFeasible)
              .arg(decision->nodesEvaluated));
      int tied = 0;
      for (const visualizer::NodeVerdict& node : decision->nodes) {
        if (node.fit && node.name != decision->node && !decision->nodes.isEmpty() &&
            node.total == decision->nodes.front().total) {
          ++tied;
        }
      }
      if (tied > 0) {
        schedulingSummary_->setText(schedulingSummary_->text() + QLatin1Char(' ') +
                                    tr("%n other node(s) had the same total; the scheduler picks one of the best "
                                       "at random.",
                                       nullptr, tied));
      }
    }
    notesTitle_->setText(isPod_ ? tr("Why does this pod exist?") : tr("Why does this ReplicaSet have its pods?"));
    if (ownerEvents_.isEmpty()) {
      lines << tr("No Events of its owners mention it (Events expire after an hour, and a pod without an owner "
                  "was created by hand).");
    } else {
      lines << tr("What its owners' controllers did (newest first):");
    }
  }
  for (const ExplainedEvent& event : ownerEvents_) {
    lines << QStringLiteral("%1  %2/%3  %4: %5").arg(event.time, event.kind, event.name, event.reason, event.message);
  }
  notes_->setPlainText(lines.join(QLatin1Char('\n')));
}

}  // namespace kubelab::app
