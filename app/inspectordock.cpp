#include "inspectordock.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHeaderView>
#include <QScrollBar>
#include <QVBoxLayout>

#include "client/restclient.h"
#include "describe.h"
#include "explanationview.h"
#include "informerclustersource.h"
#include "logsource.h"
#include "logsview.h"
#include "objectyaml.h"
#include "rolloutarithmetic.h"
#include "schedulingdecisionmodel.h"

namespace kubelab::app {

namespace {

using visualizer::JsonPointer;
using visualizer::ResourceKind;

QString field(const boost::json::object& object, const char* section, const char* key) {
  const boost::json::value* outer = object.if_contains(section);
  if (!outer || !outer->is_object()) return {};
  const boost::json::value* value = outer->get_object().if_contains(key);
  if (!value || !value->is_string()) return {};
  return QString::fromStdString(std::string(value->get_string()));
}

QString topField(const boost::json::object& object, const char* key) {
  const boost::json::value* value = object.if_contains(key);
  if (!value || !value->is_string()) return {};
  return QString::fromStdString(std::string(value->get_string()));
}

QStringList containerNames(const boost::json::object& pod) {
  QStringList names;
  const boost::json::value* spec = pod.if_contains("spec");
  if (!spec || !spec->is_object()) return names;
  for (const char* list : {"containers", "initContainers"}) {
    const boost::json::value* containers = spec->get_object().if_contains(list);
    if (!containers || !containers->is_array()) continue;
    for (const boost::json::value& container : containers->get_array()) {
      if (container.is_object()) names << topField(container.get_object(), "name");
    }
  }
  return names;
}

// Greedy word wrap, so a long message takes several lines of the tree instead of being cut.
QString wrapText(const QString& text, const QFontMetrics& metrics, int width) {
  QStringList lines;
  QString line;
  for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
    if (!line.isEmpty() && metrics.horizontalAdvance(candidate) > width) {
      lines << line;
      line = word;
    } else {
      line = candidate;
    }
  }
  if (!line.isEmpty()) lines << line;
  return lines.join(QLatin1Char('\n'));
}

QList<ExplainedEvent> explained(const std::vector<JsonPointer>& events) {
  QList<ExplainedEvent> list;
  for (const JsonPointer& event : events) {
    list << ExplainedEvent{visualizer::eventTime(*event), field(*event, "involvedObject", "kind"),
                           field(*event, "involvedObject", "name"), topField(*event, "reason"),
                           topField(*event, "message")};
  }
  return list;
}

}  // namespace

InspectorDock::InspectorDock(visualizer::ClusterModel* model, QWidget* parent)
    : QDockWidget(parent),
      model_(model),
      title_(new QLabel),
      owners_(new QLabel),
      tabs_(new QTabWidget),
      describe_(new QPlainTextEdit),
      yaml_(new QPlainTextEdit),
      events_(new QTreeWidget),
      logs_(new LogsView),
      why_(new ExplanationView) {
  setObjectName(QStringLiteral("inspectorDock"));
  auto* body = new QWidget;
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);
  title_->setWordWrap(true);
  QFont titleFont = title_->font();
  titleFont.setBold(true);
  title_->setFont(titleFont);
  owners_->setWordWrap(true);
  owners_->setTextFormat(Qt::RichText);
  owners_->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
  connect(owners_, &QLabel::linkActivated, this, [this](const QString& link) {
    visualizer::ResourceKind kind;
    if (visualizer::resourceKindFromName(link.section(QLatin1Char(':'), 0, 0), &kind)) {
      inspect(kind, link.section(QLatin1Char(':'), 1));
    }
  });
  for (QPlainTextEdit* text : {describe_, yaml_}) {
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  }
  events_->setRootIsDecorated(false);
  events_->setWordWrap(true);
  events_->setColumnCount(3);
  events_->header()->setStretchLastSection(true);
  tabs_->addTab(describe_, QString());
  tabs_->addTab(yaml_, QString());
  tabs_->addTab(events_, QString());
  tabs_->addTab(logs_, QString());
  tabs_->addTab(why_, QString());
  // Messages wrap to the tree's width, which is only known once the tab shows.
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
    if (tabs_->widget(index) == events_) refreshEvents();
    showLogsIfCurrent();
  });
  layout->addWidget(title_);
  layout->addWidget(owners_);
  layout->addWidget(tabs_, 1);
  setWidget(body);
  connect(model_, &visualizer::ClusterModel::objectChanged, this,
          [this](visualizer::ResourceKind kind, const QString& key) {
            if (key_.isEmpty()) return;
            if (kind == kind_ && key == key_) {
              refresh();
            } else if (kind == ResourceKind::Event || kind == ResourceKind::ReplicaSet) {
              // New Events, or a rollout's ReplicaSets moving: the lists are redone once a batch.
              eventsDirty_ = true;
            }
          });
  connect(model_, &visualizer::ClusterModel::batchApplied, this, [this] {
    if (eventsDirty_) refreshEvents();
  });
  connect(model_, &visualizer::ClusterModel::cleared, this, [this] {
    logSourceOf_ = nullptr;
    inspect(kind_, QString());
  });
  retranslateUi();
}

void InspectorDock::setLogSource(std::shared_ptr<LogSource> source) {
  logSourceFixed_ = true;
  logs_->setSource(std::move(source));
}

void InspectorDock::updateLogSource() {
  if (logSourceFixed_ || model_->source() == logSourceOf_) return;
  logSourceOf_ = model_->source();
  std::shared_ptr<LogSource> source;
  if (auto* informers = dynamic_cast<visualizer::InformerClusterSource*>(model_->source())) {
    if (auto* rest = dynamic_cast<client::RestClient*>(&informers->api())) {
      source = std::make_shared<RestLogSource>(rest->config());
    }
  }
  logs_->setSource(std::move(source));
}

void InspectorDock::inspect(visualizer::ResourceKind kind, const QString& key) {
  kind_ = kind;
  key_ = key;
  yaml_->verticalScrollBar()->setValue(0);
  describe_->verticalScrollBar()->setValue(0);
  refresh();
}

void InspectorDock::refresh() {
  tabs_->setTabEnabled(3, kind_ == ResourceKind::Pod && !key_.isEmpty());
  if (key_.isEmpty()) {
    title_->setText(tr("Click a pod, node or Service in the cluster view."));
    owners_->clear();
    owners_->hide();
    yaml_->clear();
    describe_->clear();
    events_->clear();
    logs_->setPod(QString(), QString(), {});
    why_->showNothing();
    return;
  }
  title_->setText(QString::fromLatin1(visualizer::resourceKindName(kind_)) + QLatin1Char(' ') + key_);
  visualizer::ObjectPointer object = model_->object(kind_, key_);
  if (!object) {
    yaml_->setPlainText(tr("This object no longer exists."));
    describe_->setPlainText(tr("This object no longer exists."));
    return;
  }
  int scroll = yaml_->verticalScrollBar()->value();
  yaml_->setPlainText(visualizer::objectYaml(*object));
  yaml_->verticalScrollBar()->setValue(scroll);

  QList<visualizer::DescribeRow> rows;
  switch (kind_) {
    case ResourceKind::Pod: rows = visualizer::Describe::pod(*object); break;
    case ResourceKind::Node: {
      QStringList pods;
      for (const visualizer::PodView& pod : model_->pods()) {
        if (pod.node == key_) pods << pod.key;
      }
      rows = visualizer::Describe::node(*object, pods);
      break;
    }
    case ResourceKind::Service: {
      visualizer::ObjectPointer endpoints = model_->object(ResourceKind::Endpoints, key_);
      rows = visualizer::Describe::service(*object, endpoints.get());
      break;
    }
    case ResourceKind::ReplicaSet:
    case ResourceKind::Deployment:
    case ResourceKind::StatefulSet:
    case ResourceKind::DaemonSet:
    case ResourceKind::Job: rows = visualizer::Describe::workload(kind_, *object); break;
    default: break;
  }
  scroll = describe_->verticalScrollBar()->value();
  describe_->setPlainText(rows.isEmpty() ? tr("No summary for this kind; see its YAML.")
                                         : visualizer::Describe::text(rows));
  describe_->verticalScrollBar()->setValue(scroll);

  showLogsIfCurrent();
  refreshEvents();
}

// The Logs tab fetches, or follows, a pod's log only while it is the tab shown: a followed log
// is a stream held open through the API server to the kubelet, not worth keeping for a hidden tab.
void InspectorDock::showLogsIfCurrent() {
  visualizer::ObjectPointer object = kind_ == ResourceKind::Pod && !key_.isEmpty() ? model_->object(kind_, key_) : nullptr;
  if (!object || tabs_->currentWidget() != logs_) return logs_->setPod(QString(), QString(), {});
  updateLogSource();
  logs_->setPod(field(*object, "metadata", "namespace"), field(*object, "metadata", "name"), containerNames(*object));
}

// The Events tab, the owner chain and "Why?": everything that depends on other objects too.
void InspectorDock::refreshEvents() {
  eventsDirty_ = false;
  if (key_.isEmpty()) return;
  visualizer::ObjectPointer object = model_->object(kind_, key_);
  if (!object) return;
  std::vector<JsonPointer> all;
  all.reserve(static_cast<std::size_t>(model_->events().size()));
  for (auto it = model_->events().cbegin(); it != model_->events().cend(); ++it) {
    if (JsonPointer event = model_->object(ResourceKind::Event, it.key())) all.push_back(std::move(event));
  }
  const QString kindName = QString::fromLatin1(visualizer::resourceKindName(kind_));
  std::vector<JsonPointer> related =
      visualizer::relatedEvents(all, kindName, field(*object, "metadata", "namespace"),
                                field(*object, "metadata", "name"), field(*object, "metadata", "uid"));
  // Time, Reason, Message: the dock is narrow, so a Warning shows in red rather than in a
  // column, and messages wrap to the width the other columns leave.
  events_->clear();
  const QFontMetrics metrics(events_->font());
  const int messageWidth = std::max(120, events_->viewport()->width() - metrics.horizontalAdvance(QStringLiteral("00:00:00")) -
                                             metrics.horizontalAdvance(QStringLiteral("SuccessfulCreate")) - 40);
  for (const JsonPointer& event : related) {
    QDateTime time = visualizer::parseApiTime(visualizer::eventTime(*event));
    QString message = topField(*event, "message");
    auto* item = new QTreeWidgetItem({time.isValid() ? time.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString(),
                                      topField(*event, "reason"), wrapText(message, metrics, messageWidth)});
    if (topField(*event, "type") == QLatin1String("Warning")) {
      for (int column = 0; column < 3; ++column) item->setForeground(column, QColor(0xb0, 0x30, 0x20));
    }
    item->setToolTip(0, visualizer::eventTime(*event));
    item->setToolTip(2, message);
    events_->addTopLevelItem(item);
  }
  events_->resizeColumnToContents(0);
  events_->resizeColumnToContents(1);

  auto lookup = [this](ResourceKind kind, const QString& key) { return model_->object(kind, key); };
  QList<visualizer::OwnerLink> chain = visualizer::ownerChain(kind_, *object, lookup);
  if (chain.isEmpty()) {
    owners_->hide();
  } else {
    QStringList parts;
    parts << kindName;
    for (const visualizer::OwnerLink& link : chain) {
      QString label = QString::fromLatin1(visualizer::resourceKindName(link.kind)) + QLatin1Char(' ') +
                      link.key.section(QLatin1Char('/'), -1).toHtmlEscaped();
      parts << (link.known ? QStringLiteral("<a href=\"%1:%2\">%3</a>")
                                 .arg(QString::fromLatin1(visualizer::resourceKindName(link.kind)), link.key, label)
                           : label);
    }
    owners_->setText(tr("Owners: %1").arg(parts.join(QStringLiteral(" → "))));
    owners_->show();
  }

  if (kind_ == ResourceKind::Pod || kind_ == ResourceKind::ReplicaSet) {
    std::optional<visualizer::SchedulingDecision> decision;
    if (kind_ == ResourceKind::Pod) decision = visualizer::latestSchedulingDecision(related);
    why_->showObject(kind_ == ResourceKind::Pod, std::move(decision),
                     explained(visualizer::podLifecycleEvents(all, *object, chain)));
  } else if (kind_ == ResourceKind::Deployment) {
    std::vector<JsonPointer> replicaSets;
    const QString name = field(*object, "metadata", "name");
    const auto& sets = model_->workloads(ResourceKind::ReplicaSet);
    for (auto it = sets.cbegin(); it != sets.cend(); ++it) {
      if (it->ownerKind == QLatin1String("Deployment") && it->ownerName == name && it->ns == field(*object, "metadata", "namespace")) {
        if (JsonPointer set = model_->object(ResourceKind::ReplicaSet, it.key())) replicaSets.push_back(std::move(set));
      }
    }
    std::vector<JsonPointer> scaling;
    for (const JsonPointer& event : related) {
      if (topField(*event, "reason") == QLatin1String("ScalingReplicaSet")) scaling.push_back(event);
    }
    why_->showDeployment(visualizer::rolloutArithmetic(*object, replicaSets), explained(scaling));
  } else {
    why_->showNothing();
  }
}

void InspectorDock::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDockWidget::changeEvent(event);
}

void InspectorDock::retranslateUi() {
  setWindowTitle(tr("Inspector"));
  tabs_->setTabText(0, tr("Describe"));
  tabs_->setTabText(1, tr("YAML"));
  tabs_->setTabText(2, tr("Events"));
  tabs_->setTabText(3, tr("Logs"));
  tabs_->setTabText(4, tr("Why?"));
  events_->setHeaderLabels({tr("Last seen"), tr("Reason"), tr("Message")});
  refresh();
}

}  // namespace kubelab::app
