#pragma once
// The instructor's panel: the kubelabctl faults on the embedded cluster (stop, start or kill a
// control-plane component or a node, partition and heal a node, restart the store, add and
// remove nodes) and pace control (run, pause, slow motion, single step). Every fault is a call
// into the supervisor library on a thread of its own, so the GUI thread never waits on a process
// or a socket; its one-line answer shows in the panel and the status bar. Buttons that do not
// apply to what the supervisor reports (start on a running component) are disabled; the
// supervisor's status file is read again every second. On a cluster opened from a kubeconfig
// there is no supervisor: the panel says so and is disabled.

#include <QDockWidget>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clusterconnection.h"
#include "pacecontrol.h"
#include "supervisor/clustercontrol.h"
#include "supervisor/supervisorstatus.h"

class QAbstractButton;
class QCheckBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;
class QToolButton;

namespace kubelab::app {

enum class Fault { Stop, Start, Kill, Restart, Partition, Heal, Remove };

// Whether `fault` applies to control-plane component `component` ("scheduler") as `snapshot`
// reports it.
bool componentFaultApplies(const supervisor::SupervisorSnapshot& snapshot, const std::string& component, Fault fault);
// Whether `fault` applies to node `node` ("node-2"), whose kubelet is kubelet-<node>;
// `partitioned`: this panel partitioned it and has not healed it (the supervisor does not record
// partitions).
bool nodeFaultApplies(const supervisor::SupervisorSnapshot& snapshot, const std::string& node, Fault fault,
                      bool partitioned);
// The nodes the snapshot has kubelets for, in natural order.
std::vector<std::string> snapshotNodes(const supervisor::SupervisorSnapshot& snapshot);
// The control-plane components the panel offers.
const std::vector<std::string>& faultComponents();

class InstructorDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit InstructorDock(QWidget* parent = nullptr);
  ~InstructorDock() override;

  // The cluster the window connected to: the embedded one (request.context empty) gets the
  // faults and pace control; any other is disabled.
  void setCluster(const ConnectionRequest& request);
  bool isEmbedded() const { return embedded_; }
  // What the panel enables, from a supervisor snapshot (public so tests can feed one).
  void applySnapshot(const supervisor::SupervisorSnapshot& snapshot);
  // A button by its object name: "stop:scheduler", "kill-node:node-2", "add-node", "pace-step".
  QAbstractButton* button(const QString& name) const;
  PaceControl* paceControl() const { return pace_; }
  QString lastResult() const;

  // Stops the embedded cluster (bringDown, keeping its data), on a worker thread.
  void stopCluster();

 signals:
  // The one-line answer of a fault or pace request, translated.
  void commandFinished(const QString& message, bool ok);
  void clusterStopped();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct ComponentRow {
    std::string name;
    QLabel* label;
    QLabel* state;
    QToolButton* stop;
    QToolButton* start;
    QToolButton* kill;
  };
  struct NodeRow {
    std::string name;
    QLabel* label;
    QLabel* state;
    QToolButton* stop;
    QToolButton* start;
    QToolButton* kill;
    QToolButton* partition;
    QToolButton* heal;
    QToolButton* remove;
  };

  void retranslateUi();
  void buildNodeRows(const std::vector<std::string>& nodes);
  void updateEnabled();
  void updatePace(const PaceState& state);
  void refresh();
  void showResult(const QString& message, bool ok);
  // Runs `command` with the resolved cluster on a thread of its own; `busy` names what it acts
  // on (its buttons stay disabled meanwhile).
  void runCommand(const QString& busy, const QString& running,
                  std::function<Result<std::string>(const supervisor::ClusterTarget&)> command,
                  std::function<void()> onSuccess = {});
  std::optional<supervisor::ClusterTarget> resolveTarget(QString* error) const;
  void queuesToggled();

  bool embedded_ = false;
  ConnectionRequest request_;
  std::shared_ptr<std::atomic<bool>> alive_;
  supervisor::SupervisorSnapshot snapshot_;
  bool haveSnapshot_ = false;
  bool refreshing_ = false;
  QSet<QString> busy_;
  QSet<QString> partitioned_;

  QLabel* notice_;
  QGroupBox* componentsBox_;
  QGroupBox* nodesBox_;
  QGroupBox* paceBox_;
  QGridLayout* nodesGrid_;
  std::vector<ComponentRow> components_;
  std::vector<NodeRow> nodes_;
  QPushButton* restartStore_;
  QPushButton* addNode_;
  QLabel* result_;
  QTimer* timer_;

  QPointer<PaceControl> pace_;
  PaceState paceState_;
  QToolButton* runButton_;
  QToolButton* pauseButton_;
  QToolButton* slowButton_;
  QToolButton* stepButton_;
  QSlider* delaySlider_;
  QLabel* delayLabel_;
  QLabel* lastStep_;
  QLabel* stepsLabel_;
  QLabel* queuesLabel_;
  QList<QCheckBox*> queueBoxes_;
};

}  // namespace kubelab::app
