#pragma once
// The inspector's "Why?" tab. For a pod: why this node (the scheduler's recorded decision as a
// table, the chosen node highlighted) and why the pod exists (its owners' SuccessfulCreate,
// SuccessfulDelete and ScalingReplicaSet Events). For a Deployment: the rolling update's
// maxSurge/maxUnavailable arithmetic with the numbers from its ReplicaSets. The dock computes
// what to show (visualizer/schedulingdecisionmodel.h, rolloutarithmetic.h, describe.h).

#include <QLabel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QWidget>

#include <optional>

#include "rolloutarithmetic.h"
#include "schedulingdecisionmodel.h"

namespace kubelab::app {

struct ExplainedEvent {
  QString time;
  QString kind;  // the involved object's kind and name
  QString name;
  QString reason;
  QString message;
};

class ExplanationView : public QWidget {
  Q_OBJECT

 public:
  explicit ExplanationView(QWidget* parent = nullptr);

  // A pod, or a ReplicaSet: its scheduling decision (pods only) and its owners' events.
  void showObject(bool isPod, std::optional<visualizer::SchedulingDecision> decision,
                  const QList<ExplainedEvent>& ownerEvents);
  void showDeployment(const visualizer::RolloutArithmetic& arithmetic, const QList<ExplainedEvent>& ownerEvents);
  void showNothing();

  visualizer::SchedulingDecisionModel* decisionModel() const { return decisionModel_; }
  QString schedulingText() const { return schedulingSummary_->text(); }
  QString notesText() const { return notes_->toPlainText(); }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  enum class Mode { Nothing, Object, Deployment };
  void render();

  Mode mode_ = Mode::Nothing;
  bool isPod_ = false;
  visualizer::RolloutArithmetic arithmetic_;
  QList<ExplainedEvent> ownerEvents_;
  visualizer::SchedulingDecisionModel* decisionModel_;
  QLabel* schedulingTitle_;
  QLabel* schedulingSummary_;
  QTableView* table_;
  QLabel* notesTitle_;
  QPlainTextEdit* notes_;
};

}  // namespace kubelab::app
