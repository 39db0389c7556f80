#include "instructordock.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaObject>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <thread>

#include "backgroundwork.h"
#include "client/restclient.h"
#include "client/restconfig.h"
#include "supervisor/clustercommands.h"
#include "supervisor/statusfile.h"

namespace kubelab::app {

namespace {

using supervisor::ComponentState;

const supervisor::ComponentStatus* findComponent(const supervisor::SupervisorSnapshot& snapshot,
                                                 const std::string& name) {
  for (const auto& component : snapshot.components) {
    if (component.name == name) return &component;
  }
  return nullptr;
}

bool isUp(const supervisor::ComponentStatus& component) {
  return component.state == ComponentState::Starting || component.state == ComponentState::Running ||
         component.state == ComponentState::BackingOff;
}

bool naturalLess(const std::string& a, const std::string& b) {
  auto split = [](const std::string& name) {
    size_t digits = name.find_last_not_of("0123456789") + 1;
    long number = digits < name.size() ? std::stol(name.substr(digits)) : -1;
    return std::pair(name.substr(0, digits), number);
  };
  return split(a) < split(b);
}

QString describeComponent(const std::string& name) {
  if (name == "store") return InstructorDock::tr("store (etcd)");
  if (name == "apiserver") return InstructorDock::tr("API server");
  if (name == "scheduler") return InstructorDock::tr("scheduler");
  if (name == "controller-manager") return InstructorDock::tr("controller manager");
  if (name == "cloud-controller-manager") return InstructorDock::tr("cloud controller");
  return QString::fromStdString(name);
}

QString describeState(const supervisor::ComponentStatus* component, bool partitioned = false) {
  if (!component) return InstructorDock::tr("absent");
  switch (component->state) {
    case ComponentState::Running:
      return partitioned ? InstructorDock::tr("partitioned") : InstructorDock::tr("running");
    case ComponentState::Starting: return InstructorDock::tr("starting");
    case ComponentState::BackingOff: return InstructorDock::tr("restarting");
    case ComponentState::Failed: return InstructorDock::tr("failed");
    case ComponentState::Stopped:
      return component->stoppedByUser ? InstructorDock::tr("stopped by instructor") : InstructorDock::tr("stopped");
  }
  return {};
}

QToolButton* smallButton(const QString& objectName) {
  auto* button = new QToolButton;
  button->setObjectName(objectName);
  button->setToolButtonStyle(Qt::ToolButtonTextOnly);
  button->setAutoRaise(false);
  return button;
}

}  // namespace

const std::vector<std::string>& faultComponents() {
  static const std::vector<std::string> names{"store", "apiserver", "scheduler", "controller-manager",
                                              "cloud-controller-manager"};
  return names;
}

bool componentFaultApplies(const supervisor::SupervisorSnapshot& snapshot, const std::string& name, Fault fault) {
  const supervisor::ComponentStatus* component = findComponent(snapshot, name);
  if (!component) return false;
  switch (fault) {
    case Fault::Stop: return isUp(*component);
    case Fault::Start: return !isUp(*component);
    case Fault::Kill: return component->pid != 0;
    case Fault::Restart: return isUp(*component);
    default: return false;
  }
}

bool nodeFaultApplies(const supervisor::SupervisorSnapshot& snapshot, const std::string& node, Fault fault,
                      bool partitioned) {
  const supervisor::ComponentStatus* kubelet = findComponent(snapshot, "kubelet-" + node);
  if (!kubelet) return false;
  switch (fault) {
    case Fault::Stop: return isUp(*kubelet);
    case Fault::Start: return !isUp(*kubelet);
    case Fault::Kill: return kubelet->pid != 0;
    case Fault::Partition: return kubelet->state == ComponentState::Running && !partitioned;
    case Fault::Heal: return kubelet->pid != 0 && partitioned;
    case Fault::Remove: return true;
    default: return false;
  }
}

std::vector<std::string> snapshotNodes(const supervisor::SupervisorSnapshot& snapshot) {
  std::vector<std::string> nodes;
  for (const auto& component : snapshot.components) {
    if (component.name.rfind("kubelet-", 0) == 0) nodes.push_back(component.name.substr(8));
  }
  std::sort(nodes.begin(), nodes.end(), naturalLess);
  return nodes;
}

InstructorDock::InstructorDock(QWidget* parent)
    : QDockWidget(parent),
      alive_(std::make_shared<std::atomic<bool>>(true)),
      notice_(new QLabel),
      componentsBox_(new QGroupBox),
      nodesBox_(new QGroupBox),
      paceBox_(new QGroupBox),
      nodesGrid_(new QGridLayout),
      restartStore_(new QPushButton),
      addNode_(new QPushButton),
      result_(new QLabel),
      timer_(new QTimer(this)) {
  setObjectName(QStringLiteral("instructorDock"));
  auto* content = new QWidget;
  auto* layout = new QVBoxLayout(content);
  notice_->setWordWrap(true);
  layout->addWidget(notice_);

  // Pace control first: it is what a lesson uses most.
  auto* paceLayout = new QVBoxLayout(paceBox_);
  auto* modes = new QHBoxLayout;
  runButton_ = smallButton(QStringLiteral("pace-run"));
  pauseButton_ = smallButton(QStringLiteral("pace-pause"));
  slowButton_ = smallButton(QStringLiteral("pace-slow"));
  stepButton_ = smallButton(QStringLiteral("pace-step"));
  for (QToolButton* button : {runButton_, pauseButton_, slowButton_}) button->setCheckable(true);
  for (QToolButton* button : {runButton_, pauseButton_, slowButton_, stepButton_}) {
    button->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    button->setMinimumWidth(0);
    modes->addWidget(button);
  }
  paceLayout->addLayout(modes);
  auto* delayRow = new QHBoxLayout;
  delaySlider_ = new QSlider(Qt::Horizontal);
  delaySlider_->setObjectName(QStringLiteral("pace-delay"));
  delaySlider_->setRange(100, 5000);
  delaySlider_->setSingleStep(100);
  delaySlider_->setPageStep(500);
  delaySlider_->setValue(1000);
  delayLabel_ = new QLabel;
  delayLabel_->setMinimumWidth(delayLabel_->fontMetrics().horizontalAdvance(QStringLiteral("0000 ms ")));
  delayRow->addWidget(delaySlider_, 1);
  delayRow->addWidget(delayLabel_);
  paceLayout->addLayout(delayRow);
  stepsLabel_ = new QLabel;
  lastStep_ = new QLabel;
  lastStep_->setObjectName(QStringLiteral("pace-last-step"));
  lastStep_->setWordWrap(true);
  lastStep_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  paceLayout->addWidget(stepsLabel_);
  paceLayout->addWidget(lastStep_);
  queuesLabel_ = new QLabel;
  queuesLabel_->setWordWrap(true);
  paceLayout->addWidget(queuesLabel_);
  auto* queues = new QGridLayout;
  const QStringList queueNames = paceFilterQueues();
  for (int i = 0; i < queueNames.size(); ++i) {
    auto* box = new QCheckBox(queueNames[i]);
    box->setObjectName(QStringLiteral("pace-queue:") + queueNames[i]);
    queues->addWidget(box, i / 3, i % 3);
    connect(box, &QCheckBox::toggled, this, &InstructorDock::queuesToggled);
    queueBoxes_.append(box);
  }
  paceLayout->addLayout(queues);
  layout->addWidget(paceBox_);

  auto* componentsGrid = new QGridLayout(componentsBox_);
  componentsGrid->setColumnStretch(1, 1);
  int row = 0;
  for (const std::string& name : faultComponents()) {
    QString id = QString::fromStdString(name);
    ComponentRow entry{name, new QLabel, new QLabel, smallButton(QStringLiteral("stop:") + id),
                       smallButton(QStringLiteral("start:") + id), smallButton(QStringLiteral("kill:") + id)};
    auto* nameAndState = new QVBoxLayout;
    nameAndState->setSpacing(0);
    QFont bold = entry.label->font();
    bold.setBold(true);
    entry.label->setFont(bold);
    nameAndState->addWidget(entry.label);
    nameAndState->addWidget(entry.state);
    componentsGrid->addLayout(nameAndState, row, 0);
    componentsGrid->addWidget(entry.stop, row, 2);
    componentsGrid->addWidget(entry.start, row, 3);
    componentsGrid->addWidget(entry.kill, row, 4);
    connect(entry.stop, &QToolButton::clicked, this, [this, name, id] {
      runCommand(id, tr("Stopping the %1…").arg(describeComponent(name)),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::stopComponent(target, name); });
    });
    connect(entry.start, &QToolButton::clicked, this, [this, name, id] {
      runCommand(id, tr("Starting the %1…").arg(describeComponent(name)),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::startComponent(target, name); });
    });
    connect(entry.kill, &QToolButton::clicked, this, [this, name, id] {
      runCommand(id, tr("Killing the %1…").arg(describeComponent(name)),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::killComponent(target, name); });
    });
    components_.push_back(entry);
    ++row;
  }
  restartStore_->setObjectName(QStringLiteral("restart:store"));
  componentsGrid->addWidget(restartStore_, row, 0, 1, 5);
  connect(restartStore_, &QPushButton::clicked, this, [this] {
    runCommand(QStringLiteral("store"), tr("Restarting the store…"), [](const supervisor::ClusterTarget& target) {
      return supervisor::restartComponent(target, "store");
    });
  });
  layout->addWidget(componentsBox_);

  auto* nodesLayout = new QVBoxLayout(nodesBox_);
  nodesGrid_->setColumnStretch(0, 1);
  nodesLayout->addLayout(nodesGrid_);
  addNode_->setObjectName(QStringLiteral("add-node"));
  nodesLayout->addWidget(addNode_);
  connect(addNode_, &QPushButton::clicked, this, [this] {
    runCommand(QStringLiteral("add-node"), tr("Adding a node (it joins once Ready)…"),
               [](const supervisor::ClusterTarget& target) { return supervisor::addNode(target, ""); });
  });
  layout->addWidget(nodesBox_);

  result_->setObjectName(QStringLiteral("instructor-result"));
  result_->setWordWrap(true);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(result_);
  layout->addStretch(1);

  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(content);
  setWidget(scroll);

  connect(runButton_, &QToolButton::clicked, this, [this] {
    if (pace_) pace_->run();
    updatePace(paceState_);  // the buttons follow the ConfigMap, not the click
  });
  connect(pauseButton_, &QToolButton::clicked, this, [this] {
    if (pace_) pace_->pause();
    updatePace(paceState_);
  });
  connect(slowButton_, &QToolButton::clicked, this, [this] {
    if (pace_) pace_->slow(delaySlider_->value());
    updatePace(paceState_);
  });
  connect(stepButton_, &QToolButton::clicked, this, [this] {
    if (pace_) pace_->step();
  });
  connect(delaySlider_, &QSlider::valueChanged, this, [this](int value) {
    delayLabel_->setText(tr("%1 ms").arg(value));
  });
  connect(delaySlider_, &QSlider::sliderReleased, this, [this] {
    if (pace_ && paceState_.mode == client::PaceMode::Slow) pace_->slow(delaySlider_->value());
  });

  timer_->setInterval(1000);
  connect(timer_, &QTimer::timeout, this, &InstructorDock::refresh);
  retranslateUi();
  updateEnabled();
}

InstructorDock::~InstructorDock() { alive_->store(false); }

void InstructorDock::setCluster(const ConnectionRequest& request) {
  request_ = request;
  embedded_ = request.context.isEmpty();
  haveSnapshot_ = false;
  delete pace_;
  if (embedded_) {
    timer_->start();
    refresh();
    // Pace control talks to the API with the cluster's admin kubeconfig; loading it reads files.
    auto alive = alive_;
    InstructorDock* self = this;
    QString name = request.clusterName, directory = request.stateDirectory;
    runInBackground([alive, self, name, directory] {
      std::optional<std::filesystem::path> dir;
      if (!directory.isEmpty()) dir = directory.toStdString();
      Result<supervisor::ClusterTarget> target = supervisor::resolveCluster(name.toStdString(), dir);
      if (!target) return;
      Result<client::RestConfig> config = client::loadKubeconfig(target->state.kubeconfigFile().string());
      if (!config) return;
      auto api = std::make_shared<std::unique_ptr<client::ApiInterface>>(std::make_unique<client::RestClient>(*config));
      QMetaObject::invokeMethod(
          qApp,
          [alive, self, api] {
            if (!alive->load() || !self->embedded_) return;
            delete self->pace_;
            self->pace_ = new PaceControl(std::move(*api), self);
            connect(self->pace_, &PaceControl::stateChanged, self, &InstructorDock::updatePace);
            connect(self->pace_, &PaceControl::result, self, &InstructorDock::showResult);
            self->updateEnabled();
          },
          Qt::QueuedConnection);
    });
  } else {
    timer_->stop();
  }
  retranslateUi();
  updateEnabled();
}

std::optional<supervisor::ClusterTarget> InstructorDock::resolveTarget(QString* error) const {
  std::optional<std::filesystem::path> dir;
  if (!request_.stateDirectory.isEmpty()) dir = request_.stateDirectory.toStdString();
  Result<supervisor::ClusterTarget> target = supervisor::resolveCluster(request_.clusterName.toStdString(), dir);
  if (!target) {
    if (error) *error = QString::fromStdString(target.status().message());
    return std::nullopt;
  }
  return *target;
}

void InstructorDock::refresh() {
  if (!embedded_ || refreshing_) return;
  refreshing_ = true;
  auto alive = alive_;
  InstructorDock* self = this;
  QString name = request_.clusterName, directory = request_.stateDirectory;
  runInBackground([alive, self, name, directory] {
    std::optional<std::filesystem::path> dir;
    if (!directory.isEmpty()) dir = directory.toStdString();
    std::optional<supervisor::SupervisorSnapshot> snapshot;
    if (Result<supervisor::ClusterTarget> target = supervisor::resolveCluster(name.toStdString(), dir)) {
      if (Result<supervisor::StatusFile> status = supervisor::readStatusFile(target->state.statusFile())) {
        snapshot = status->snapshot;
      }
    }
    QMetaObject::invokeMethod(
        qApp,
        [alive, self, snapshot] {
          if (!alive->load()) return;
          self->refreshing_ = false;
          if (snapshot) self->applySnapshot(*snapshot);
        },
        Qt::QueuedConnection);
  });
}

void InstructorDock::runCommand(const QString& busy, const QString& running,
                                std::function<Result<std::string>(const supervisor::ClusterTarget&)> command,
                                std::function<void()> onSuccess) {
  if (!embedded_) return;
  busy_.insert(busy);
  updateEnabled();
  showResult(running, true);
  auto alive = alive_;
  InstructorDock* self = this;
  QString name = request_.clusterName, directory = request_.stateDirectory;
  runInBackground([alive, self, name, directory, busy, command = std::move(command), onSuccess = std::move(onSuccess)] {
    std::optional<std::filesystem::path> dir;
    if (!directory.isEmpty()) dir = directory.toStdString();
    QString message;
    bool ok = false;
    Result<supervisor::ClusterTarget> target = supervisor::resolveCluster(name.toStdString(), dir);
    if (!target) {
      message = QString::fromStdString(target.status().message());
    } else {
      Result<std::string> answer = command(*target);
      ok = answer.isOk();
      message = QString::fromStdString(ok ? *answer : answer.status().message());
    }
    message = message.trimmed().section(QLatin1Char('\n'), 0, 0);
    QMetaObject::invokeMethod(
        qApp,
        [alive, self, busy, message, ok, onSuccess] {
          if (!alive->load()) return;
          self->busy_.remove(busy);
          if (ok && onSuccess) onSuccess();
          self->showResult(ok ? message : tr("Failed: %1").arg(message), ok);
          self->refresh();
          self->updateEnabled();
        },
        Qt::QueuedConnection);
  });
}

void InstructorDock::stopCluster() {
  if (!embedded_) return;
  runCommand(QStringLiteral("cluster"), tr("Stopping the embedded cluster (its data is kept)…"),
             [](const supervisor::ClusterTarget& target) -> Result<std::string> {
               Result<supervisor::DownReport> report = supervisor::bringDown(target, false);
               if (!report) return report.status();
               return std::string(report->wasRunning ? "stopped the cluster " + target.name + "; its data is kept"
                                                     : "the cluster " + target.name + " was not running");
             },
             [this] { emit clusterStopped(); });
}

void InstructorDock::showResult(const QString& message, bool ok) {
  result_->setText(message);
  result_->setStyleSheet(ok ? QString() : QStringLiteral("color: #B91C1C;"));
  emit commandFinished(message, ok);
}

QString InstructorDock::lastResult() const { return result_->text(); }

QAbstractButton* InstructorDock::button(const QString& name) const {
  return findChild<QAbstractButton*>(name);
}

void InstructorDock::applySnapshot(const supervisor::SupervisorSnapshot& snapshot) {
  snapshot_ = snapshot;
  haveSnapshot_ = true;
  std::vector<std::string> nodes = snapshotNodes(snapshot);
  std::vector<std::string> shown;
  for (const NodeRow& row : nodes_) shown.push_back(row.name);
  if (nodes != shown) buildNodeRows(nodes);
  // A node that stopped or restarted is no longer partitioned.
  for (const std::string& node : nodes) {
    const supervisor::ComponentStatus* kubelet = findComponent(snapshot, "kubelet-" + node);
    if (kubelet && kubelet->pid == 0) partitioned_.remove(QString::fromStdString(node));
  }
  updateEnabled();
}

void InstructorDock::buildNodeRows(const std::vector<std::string>& nodes) {
  for (const NodeRow& row : nodes_) {
    for (QWidget* widget : std::initializer_list<QWidget*>{row.label, row.state, row.stop, row.start, row.kill,
                                                           row.partition, row.heal, row.remove}) {
      delete widget;
    }
  }
  nodes_.clear();
  int row = 0;
  for (const std::string& name : nodes) {
    QString id = QString::fromStdString(name);
    NodeRow entry{name,
                  new QLabel(id),
                  new QLabel,
                  smallButton(QStringLiteral("stop-node:") + id),
                  smallButton(QStringLiteral("start-node:") + id),
                  smallButton(QStringLiteral("kill-node:") + id),
                  smallButton(QStringLiteral("partition:") + id),
                  smallButton(QStringLiteral("heal:") + id),
                  smallButton(QStringLiteral("remove-node:") + id)};
    // Two rows per node, so the panel stays narrow: name over state, then the buttons in two rows of three.
    nodesGrid_->addWidget(entry.label, row, 0);
    nodesGrid_->addWidget(entry.state, row + 1, 0);
    nodesGrid_->addWidget(entry.stop, row, 1);
    nodesGrid_->addWidget(entry.start, row, 2);
    nodesGrid_->addWidget(entry.kill, row, 3);
    nodesGrid_->addWidget(entry.partition, row + 1, 1);
    nodesGrid_->addWidget(entry.heal, row + 1, 2);
    nodesGrid_->addWidget(entry.remove, row + 1, 3);
    QFont bold = entry.label->font();
    bold.setBold(true);
    entry.label->setFont(bold);
    connect(entry.stop, &QToolButton::clicked, this, [this, name, id] {
      partitioned_.remove(id);
      runCommand(id, tr("Shutting down %1 (its kubelet stops its pods first)…").arg(id),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::stopNode(target, name); });
    });
    connect(entry.start, &QToolButton::clicked, this, [this, name, id] {
      runCommand(id, tr("Starting %1…").arg(id),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::startNode(target, name); });
    });
    connect(entry.kill, &QToolButton::clicked, this, [this, name, id] {
      partitioned_.remove(id);
      runCommand(id, tr("Cutting the power of %1…").arg(id),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::killNode(target, name); });
    });
    connect(entry.partition, &QToolButton::clicked, this, [this, name, id] {
      runCommand(id, tr("Cutting %1 off from the API server…").arg(id),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::partitionNode(target, name); },
                 [this, id] { partitioned_.insert(id); });
    });
    connect(entry.heal, &QToolButton::clicked, this, [this, name, id] {
      runCommand(id, tr("Healing the partition of %1…").arg(id),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::healNode(target, name); },
                 [this, id] { partitioned_.remove(id); });
    });
    connect(entry.remove, &QToolButton::clicked, this, [this, name, id] {
      runCommand(id, tr("Draining and removing %1…").arg(id),
                 [name](const supervisor::ClusterTarget& target) { return supervisor::removeNode(target, name); });
    });
    nodes_.push_back(entry);
    row += 2;
  }
  retranslateUi();
}

void InstructorDock::updateEnabled() {
  bool active = embedded_ && haveSnapshot_;
  componentsBox_->setEnabled(embedded_);
  nodesBox_->setEnabled(embedded_);
  for (const ComponentRow& row : components_) {
    QString id = QString::fromStdString(row.name);
    bool idle = active && !busy_.contains(id) && !busy_.contains(QStringLiteral("cluster"));
    row.stop->setEnabled(idle && componentFaultApplies(snapshot_, row.name, Fault::Stop));
    row.start->setEnabled(idle && componentFaultApplies(snapshot_, row.name, Fault::Start));
    row.kill->setEnabled(idle && componentFaultApplies(snapshot_, row.name, Fault::Kill));
    const supervisor::ComponentStatus* status = findComponent(snapshot_, row.name);
    row.state->setText(active ? (busy_.contains(id) ? tr("working…") : describeState(status)) : QString());
    if (row.name == "store") {
      restartStore_->setEnabled(idle && componentFaultApplies(snapshot_, "store", Fault::Restart));
    }
  }
  for (const NodeRow& row : nodes_) {
    QString id = QString::fromStdString(row.name);
    bool idle = active && !busy_.contains(id) && !busy_.contains(QStringLiteral("cluster"));
    bool partitioned = partitioned_.contains(id);
    row.stop->setEnabled(idle && nodeFaultApplies(snapshot_, row.name, Fault::Stop, partitioned));
    row.start->setEnabled(idle && nodeFaultApplies(snapshot_, row.name, Fault::Start, partitioned));
    row.kill->setEnabled(idle && nodeFaultApplies(snapshot_, row.name, Fault::Kill, partitioned));
    row.partition->setEnabled(idle && nodeFaultApplies(snapshot_, row.name, Fault::Partition, partitioned));
    row.heal->setEnabled(idle && nodeFaultApplies(snapshot_, row.name, Fault::Heal, partitioned));
    row.remove->setEnabled(idle && nodeFaultApplies(snapshot_, row.name, Fault::Remove, partitioned));
    row.state->setText(busy_.contains(id) ? tr("working…")
                                          : describeState(findComponent(snapshot_, "kubelet-" + row.name), partitioned));
  }
  addNode_->setEnabled(active && !busy_.contains(QStringLiteral("add-node")) && !busy_.contains(QStringLiteral("cluster")));
  paceBox_->setEnabled(embedded_ && pace_);
}

void InstructorDock::updatePace(const PaceState& state) {
  paceState_ = state;
  runButton_->setChecked(state.mode == client::PaceMode::Run);
  pauseButton_->setChecked(state.mode == client::PaceMode::Paused);
  slowButton_->setChecked(state.mode == client::PaceMode::Slow);
  if (state.mode == client::PaceMode::Slow && !delaySlider_->isSliderDown()) {
    QSignalBlocker blocker(delaySlider_);
    delaySlider_->setValue(state.delayMilliseconds);
  }
  delayLabel_->setText(tr("%1 ms").arg(delaySlider_->value()));
  for (QCheckBox* box : queueBoxes_) {
    QSignalBlocker blocker(box);
    box->setChecked(state.queues.contains(box->text()));
  }
  QString last = formatLastStep(state.lastStep);
  lastStep_->setText(last.isEmpty() ? tr("No step taken yet.") : last);
  if (state.mode == client::PaceMode::Step) {
    qint64 waiting = std::max<qint64>(0, state.grantedSteps - state.takenSteps);
    stepsLabel_->setText(waiting > 0 ? tr("Stepping: the granted step waits for a sync to take it.")
                                     : tr("Stepping: press Step to let one sync run."));
  } else if (state.mode == client::PaceMode::Paused) {
    stepsLabel_->setText(tr("Paused: no controller or scheduler sync runs."));
  } else if (state.mode == client::PaceMode::Slow) {
    stepsLabel_->setText(tr("Slow motion: each sync waits first."));
  } else {
    stepsLabel_->setText(tr("Running at full speed."));
  }
}

void InstructorDock::queuesToggled() {
  if (!pace_) return;
  QStringList queues;
  for (QCheckBox* box : queueBoxes_) {
    if (box->isChecked()) queues.append(box->text());
  }
  pace_->setQueues(queues);
}

void InstructorDock::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDockWidget::changeEvent(event);
}

void InstructorDock::retranslateUi() {
  setWindowTitle(tr("Instructor"));
  notice_->setText(embedded_ ? tr("Faults and pace control act on the embedded cluster; what each one causes shows in the view.")
                             : tr("Faults and pace control need the embedded cluster: this cluster is not supervised by KubeLab."));
  paceBox_->setTitle(tr("Pace of the controllers and the scheduler"));
  runButton_->setText(tr("Run"));
  runButton_->setToolTip(tr("Every sync runs at once"));
  pauseButton_->setText(tr("Pause"));
  pauseButton_->setToolTip(tr("No sync runs until you press Run, Slow or Step"));
  slowButton_->setText(tr("Slow"));
  slowButton_->setToolTip(tr("Each sync waits as long as the slider says"));
  stepButton_->setText(tr("Step"));
  stepButton_->setToolTip(tr("Let exactly one sync run"));
  delaySlider_->setToolTip(tr("Slow motion: how long each sync waits"));
  queuesLabel_->setText(tr("Pace only these queues (none checked: all of them), so node heartbeats do not take steps:"));
  componentsBox_->setTitle(tr("Control plane"));
  for (const ComponentRow& row : components_) {
    row.label->setText(describeComponent(row.name));
    row.stop->setText(tr("Stop"));
    row.stop->setToolTip(tr("SIGTERM; it stays down until Start"));
    row.start->setText(tr("Start"));
    row.kill->setText(tr("Kill"));
    row.kill->setToolTip(tr("SIGKILL: a crash; the supervisor restarts it with back-off"));
  }
  restartStore_->setText(tr("Restart the store"));
  nodesBox_->setTitle(tr("Nodes"));
  for (const NodeRow& row : nodes_) {
    row.stop->setText(tr("Stop"));
    row.stop->setToolTip(tr("A shutdown: the kubelet stops its pods first"));
    row.start->setText(tr("Start"));
    row.kill->setText(tr("Kill"));
    row.kill->setToolTip(tr("A power cut: the node goes NotReady and its pods are moved"));
    row.partition->setText(tr("Cut"));
    row.partition->setToolTip(tr("Partition: cut the kubelet off from the API server; its pods keep running"));
    row.heal->setText(tr("Heal"));
    row.heal->setToolTip(tr("End the partition"));
    row.remove->setText(tr("Remove"));
    row.remove->setToolTip(tr("Drain the node and remove it"));
  }
  addNode_->setText(tr("Add a node"));
  updatePace(paceState_);
  updateEnabled();
}

}  // namespace kubelab::app
