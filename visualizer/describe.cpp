#include "describe.h"

#include "objectviews.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <initializer_list>

namespace kubelab::visualizer {

namespace json = boost::json;

namespace {

const json::value* at(const json::object& object, std::initializer_list<const char*> path) {
  const json::object* current = &object;
  const json::value* value = nullptr;
  for (const char* step : path) {
    if (!current) return nullptr;
    value = current->if_contains(step);
    if (!value) return nullptr;
    current = value->if_object();
  }
  return value;
}

QString scalar(const json::value* value) {
  if (!value) return {};
  if (value->is_string()) return QString::fromStdString(std::string(value->get_string()));
  if (value->is_int64()) return QString::number(value->get_int64());
  if (value->is_uint64()) return QString::number(value->get_uint64());
  if (value->is_double()) return QString::number(value->get_double());
  if (value->is_bool()) return value->get_bool() ? QStringLiteral("true") : QStringLiteral("false");
  if (value->is_null()) return {};
  return QString::fromStdString(json::serialize(*value));
}

QString str(const json::object& object, std::initializer_list<const char*> path) { return scalar(at(object, path)); }

const json::array* arr(const json::object& object, std::initializer_list<const char*> path) {
  const json::value* value = at(object, path);
  return value ? value->if_array() : nullptr;
}

const json::object* obj(const json::object& object, std::initializer_list<const char*> path) {
  const json::value* value = at(object, path);
  return value ? value->if_object() : nullptr;
}

QString orNone(const QString& text) { return text.isEmpty() ? QStringLiteral("<none>") : text; }

// "a=b, c=d" from a string map.
QString mapText(const json::object* map) {
  if (!map || map->empty()) return QStringLiteral("<none>");
  QStringList parts;
  for (const auto& [key, value] : *map) {
    parts << QString::fromStdString(std::string(key)) + QLatin1Char('=') + scalar(&value);
  }
  parts.sort();
  return parts.join(QStringLiteral(", "));
}

void addConditions(QList<DescribeRow>& rows, const json::array* conditions) {
  rows.append({Describe::tr("Conditions"), QString()});
  if (!conditions || conditions->empty()) {
    rows.append({Describe::tr("(none)"), QString(), 1});
    return;
  }
  for (const json::value& value : *conditions) {
    const json::object* condition = value.if_object();
    if (!condition) continue;
    QString text = str(*condition, {"status"});
    QString reason = str(*condition, {"reason"});
    if (!reason.isEmpty()) text += QStringLiteral(" (%1)").arg(reason);
    rows.append({str(*condition, {"type"}), text, 1});
  }
}

QString ownerText(const json::object& object) {
  const json::array* owners = arr(object, {"metadata", "ownerReferences"});
  if (!owners || owners->empty()) return QStringLiteral("<none>");
  QStringList parts;
  for (const json::value& value : *owners) {
    if (const json::object* owner = value.if_object()) {
      parts << str(*owner, {"kind"}) + QLatin1Char('/') + str(*owner, {"name"});
    }
  }
  return parts.join(QStringLiteral(", "));
}

// A container state ({"running": {...}} and the like) as "Running since ..." text.
QString stateText(const json::object* state) {
  if (!state || state->empty()) return QStringLiteral("<unknown>");
  if (const json::object* running = obj(*state, {"running"})) {
    return Describe::tr("Running, started %1").arg(orNone(str(*running, {"startedAt"})));
  }
  if (const json::object* waiting = obj(*state, {"waiting"})) {
    QString reason = str(*waiting, {"reason"});
    return reason.isEmpty() ? Describe::tr("Waiting") : Describe::tr("Waiting: %1").arg(reason);
  }
  if (const json::object* terminated = obj(*state, {"terminated"})) {
    return Describe::tr("Terminated: %1, exit code %2, at %3")
        .arg(orNone(str(*terminated, {"reason"})), orNone(str(*terminated, {"exitCode"})),
             orNone(str(*terminated, {"finishedAt"})));
  }
  return QStringLiteral("<unknown>");
}

void addMetadata(QList<DescribeRow>& rows, const json::object& object, bool namespaced) {
  rows.append({Describe::tr("Name"), str(object, {"metadata", "name"})});
  if (namespaced) rows.append({Describe::tr("Namespace"), str(object, {"metadata", "namespace"})});
  rows.append({Describe::tr("Labels"), mapText(obj(object, {"metadata", "labels"}))});
  rows.append({Describe::tr("Created"), orNone(str(object, {"metadata", "creationTimestamp"}))});
}

}  // namespace

QList<DescribeRow> Describe::pod(const json::object& pod) {
  QList<DescribeRow> rows;
  addMetadata(rows, pod, true);
  rows.append({tr("Node"), orNone(str(pod, {"spec", "nodeName"}))});
  rows.append({tr("IP"), orNone(str(pod, {"status", "podIP"}))});
  QString phase = str(pod, {"status", "phase"});
  if (!str(pod, {"metadata", "deletionTimestamp"}).isEmpty()) phase = tr("Terminating (was %1)").arg(phase);
  rows.append({tr("Status"), orNone(phase)});
  QString reason = str(pod, {"status", "reason"});
  if (!reason.isEmpty()) rows.append({tr("Reason"), reason});
  rows.append({tr("Controlled by"), ownerText(pod)});
  addConditions(rows, arr(pod, {"status", "conditions"}));

  rows.append({tr("Containers"), QString()});
  const json::array* statuses = arr(pod, {"status", "containerStatuses"});
  const json::array* containers = arr(pod, {"spec", "containers"});
  if (containers) {
    for (const json::value& value : *containers) {
      const json::object* container = value.if_object();
      if (!container) continue;
      QString name = str(*container, {"name"});
      rows.append({name, QString(), 1});
      rows.append({tr("Image"), str(*container, {"image"}), 2});
      const json::object* status = nullptr;
      if (statuses) {
        for (const json::value& candidate : *statuses) {
          if (candidate.is_object() && str(candidate.get_object(), {"name"}) == name) status = &candidate.get_object();
        }
      }
      if (!status) {
        rows.append({tr("State"), tr("not started yet"), 2});
        continue;
      }
      rows.append({tr("State"), stateText(obj(*status, {"state"})), 2});
      if (const json::object* last = obj(*status, {"lastState"}); last && !last->empty()) {
        rows.append({tr("Last state"), stateText(last), 2});
      }
      rows.append({tr("Ready"), orNone(str(*status, {"ready"})), 2});
      rows.append({tr("Restart count"), orNone(str(*status, {"restartCount"})), 2});
    }
  }
  return rows;
}

QList<DescribeRow> Describe::node(const json::object& node, const QStringList& podsOnNode) {
  QList<DescribeRow> rows;
  addMetadata(rows, node, false);
  rows.append({tr("Pool"), orNone(nodeViewFromJson(node).pool)});
  rows.append({tr("Unschedulable"), str(node, {"spec", "unschedulable"}) == QLatin1String("true") ? tr("yes") : tr("no")});
  QStringList taints;
  if (const json::array* list = arr(node, {"spec", "taints"})) {
    for (const json::value& value : *list) {
      if (!value.is_object()) continue;
      const json::object& taint = value.get_object();
      QString text = str(taint, {"key"});
      if (QString v = str(taint, {"value"}); !v.isEmpty()) text += QLatin1Char('=') + v;
      taints << text + QLatin1Char(':') + str(taint, {"effect"});
    }
  }
  rows.append({tr("Taints"), taints.isEmpty() ? QStringLiteral("<none>") : taints.join(QStringLiteral(", "))});
  addConditions(rows, arr(node, {"status", "conditions"}));
  for (auto [heading, field] : {std::pair{tr("Capacity"), "capacity"}, std::pair{tr("Allocatable"), "allocatable"}}) {
    rows.append({heading, QString()});
    if (const json::object* resources = obj(node, {"status", field})) {
      QStringList names;
      for (const auto& entry : *resources) names << QString::fromStdString(std::string(entry.key()));
      names.sort();
      for (const QString& name : names) rows.append({name, str(*resources, {name.toStdString().c_str()}), 1});
    }
  }
  rows.append({tr("Pods (%n)", nullptr, static_cast<int>(podsOnNode.size())), QString()});
  QStringList sorted = podsOnNode;
  sorted.sort();
  for (const QString& pod : sorted) rows.append({pod, QString(), 1});
  return rows;
}

QList<DescribeRow> Describe::workload(ResourceKind kind, const json::object& workload) {
  QList<DescribeRow> rows;
  addMetadata(rows, workload, true);
  rows.append({tr("Controlled by"), ownerText(workload)});
  QString selector = mapText(obj(workload, {"spec", "selector", "matchLabels"}));
  rows.append({tr("Selector"), selector});
  auto number = [&](std::initializer_list<const char*> path) {
    QString text = str(workload, path);
    return text.isEmpty() ? QStringLiteral("0") : text;
  };
  if (kind == ResourceKind::Deployment) {
    rows.append({tr("Replicas"), tr("%1 desired | %2 updated | %3 total | %4 available | %5 unavailable")
                                     .arg(number({"spec", "replicas"}), number({"status", "updatedReplicas"}),
                                          number({"status", "replicas"}), number({"status", "availableReplicas"}),
                                          number({"status", "unavailableReplicas"}))});
    QString strategy = str(workload, {"spec", "strategy", "type"});
    if (strategy.isEmpty()) strategy = QStringLiteral("RollingUpdate");
    rows.append({tr("Strategy"), strategy});
    if (strategy == QLatin1String("RollingUpdate")) {
      QString surge = str(workload, {"spec", "strategy", "rollingUpdate", "maxSurge"});
      QString unavailable = str(workload, {"spec", "strategy", "rollingUpdate", "maxUnavailable"});
      rows.append({tr("Rolling update"), tr("%1 max unavailable, %2 max surge")
                                             .arg(unavailable.isEmpty() ? QStringLiteral("25%") : unavailable,
                                                  surge.isEmpty() ? QStringLiteral("25%") : surge)});
    }
    addConditions(rows, arr(workload, {"status", "conditions"}));
  } else if (kind == ResourceKind::DaemonSet) {
    rows.append({tr("Desired number scheduled"), number({"status", "desiredNumberScheduled"})});
    rows.append({tr("Current number scheduled"), number({"status", "currentNumberScheduled"})});
    rows.append({tr("Number ready"), number({"status", "numberReady"})});
  } else if (kind == ResourceKind::Job) {
    rows.append({tr("Parallelism"), number({"spec", "parallelism"})});
    rows.append({tr("Completions"), number({"spec", "completions"})});
    rows.append({tr("Pods statuses"), tr("%1 active / %2 succeeded / %3 failed")
                                          .arg(number({"status", "active"}), number({"status", "succeeded"}),
                                               number({"status", "failed"}))});
  } else {
    rows.append({tr("Replicas"), tr("%1 desired | %2 current | %3 ready | %4 available")
                                     .arg(number({"spec", "replicas"}), number({"status", "replicas"}),
                                          number({"status", "readyReplicas"}), number({"status", "availableReplicas"}))});
    QString revision = str(workload, {"metadata", "annotations", "deployment.kubernetes.io/revision"});
    if (!revision.isEmpty()) rows.append({tr("Revision"), revision});
  }
  QStringList images;
  if (const json::array* containers = arr(workload, {"spec", "template", "spec", "containers"})) {
    for (const json::value& value : *containers) {
      if (value.is_object()) images << str(value.get_object(), {"name"}) + QStringLiteral(": ") + str(value.get_object(), {"image"});
    }
  }
  rows.append({tr("Pod template"), QString()});
  for (const QString& image : images) rows.append({tr("Container"), image, 1});
  return rows;
}

QList<DescribeRow> Describe::service(const json::object& service, const json::object* endpoints) {
  QList<DescribeRow> rows;
  addMetadata(rows, service, true);
  rows.append({tr("Selector"), mapText(obj(service, {"spec", "selector"}))});
  QString type = str(service, {"spec", "type"});
  rows.append({tr("Type"), type.isEmpty() ? QStringLiteral("ClusterIP") : type});
  rows.append({tr("Cluster IP"), orNone(str(service, {"spec", "clusterIP"}))});
  rows.append({tr("Ports"), QString()});
  if (const json::array* ports = arr(service, {"spec", "ports"})) {
    for (const json::value& value : *ports) {
      if (!value.is_object()) continue;
      const json::object& port = value.get_object();
      QString protocol = str(port, {"protocol"});
      if (protocol.isEmpty()) protocol = QStringLiteral("TCP");
      QString text = str(port, {"port"}) + QLatin1Char('/') + protocol;
      if (QString target = str(port, {"targetPort"}); !target.isEmpty()) text += tr(" → target %1").arg(target);
      if (QString nodePort = str(port, {"nodePort"}); !nodePort.isEmpty()) text += tr(", node port %1").arg(nodePort);
      QString name = str(port, {"name"});
      rows.append({name.isEmpty() ? QStringLiteral("<unnamed>") : name, text, 1});
    }
  }
  QStringList ready;
  QStringList notReady;
  if (endpoints) {
    if (const json::array* subsets = arr(*endpoints, {"subsets"})) {
      for (const json::value& subset : *subsets) {
        if (!subset.is_object()) continue;
        QStringList ports;
        if (const json::array* list = arr(subset.get_object(), {"ports"})) {
          for (const json::value& port : *list) if (port.is_object()) ports << str(port.get_object(), {"port"});
        }
        for (auto [field, target] : {std::pair{"addresses", &ready}, std::pair{"notReadyAddresses", &notReady}}) {
          if (const json::array* addresses = arr(subset.get_object(), {field})) {
            for (const json::value& address : *addresses) {
              if (!address.is_object()) continue;
              QString ip = str(address.get_object(), {"ip"});
              for (const QString& port : ports) *target << ip + QLatin1Char(':') + port;
              if (ports.isEmpty()) *target << ip;
            }
          }
        }
      }
    }
  }
  rows.append({tr("Ready endpoints"), ready.isEmpty() ? QStringLiteral("<none>") : ready.join(QStringLiteral(", "))});
  if (!notReady.isEmpty()) rows.append({tr("Not ready endpoints"), notReady.join(QStringLiteral(", "))});
  return rows;
}

QString Describe::text(const QList<DescribeRow>& rows) {
  // Values line up within each run of rows at the same depth, as kubectl's sections do, so
  // one long condition name does not push every value to the right.
  QList<int> widths(rows.size(), 0);
  for (qsizetype start = 0; start < rows.size();) {
    qsizetype end = start;
    int width = 0;
    while (end < rows.size() && rows[end].indent == rows[start].indent && !rows[end].value.isEmpty()) {
      width = std::max<int>(width, static_cast<int>(rows[end].label.size()) + 1);
      ++end;
    }
    if (end == start) ++end;  // a heading
    for (qsizetype row = start; row < end; ++row) widths[row] = width;
    start = end;
  }
  QString out;
  for (qsizetype index = 0; index < rows.size(); ++index) {
    const DescribeRow& row = rows[index];
    QString indent(row.indent * 2, QLatin1Char(' '));
    QString label = row.label + QLatin1Char(':');
    if (row.value.isEmpty()) {
      out += indent + label + QLatin1Char('\n');
    } else {
      out += indent + label.leftJustified(widths[index] + 2) + row.value + QLatin1Char('\n');
    }
  }
  return out;
}

QString eventTime(const json::object& event) {
  QString time = str(event, {"lastTimestamp"});
  if (time.isEmpty()) time = str(event, {"eventTime"});
  if (time.isEmpty()) time = str(event, {"metadata", "creationTimestamp"});
  return time;
}

namespace {

void sortNewestFirst(std::vector<JsonPointer>& events) {
  // RFC 3339 in UTC sorts as text; ties keep the newer resourceVersion-free order stable.
  std::stable_sort(events.begin(), events.end(),
                   [](const JsonPointer& a, const JsonPointer& b) { return eventTime(*a) > eventTime(*b); });
}

}  // namespace

std::vector<JsonPointer> relatedEvents(const std::vector<JsonPointer>& events, const QString& kind, const QString& ns,
                                       const QString& name, const QString& uid) {
  std::vector<JsonPointer> related;
  for (const JsonPointer& event : events) {
    if (!event) continue;
    QString involvedUid = str(*event, {"involvedObject", "uid"});
    bool matches = !uid.isEmpty() && !involvedUid.isEmpty()
                       ? involvedUid == uid
                       : str(*event, {"involvedObject", "kind"}) == kind &&
                             str(*event, {"involvedObject", "name"}) == name &&
                             str(*event, {"involvedObject", "namespace"}) == ns;
    if (matches) related.push_back(event);
  }
  sortNewestFirst(related);
  return related;
}

bool resourceKindFromName(const QString& name, ResourceKind* kind) {
  for (int index = 0; index < kResourceKindCount; ++index) {
    auto candidate = static_cast<ResourceKind>(index);
    if (name == QLatin1String(resourceKindName(candidate))) {
      *kind = candidate;
      return true;
    }
  }
  return false;
}

QList<OwnerLink> ownerChain(ResourceKind, const json::object& object, const ObjectLookup& lookup) {
  QList<OwnerLink> chain;
  const json::object* current = &object;
  JsonPointer holder;
  for (int step = 0; step < 8 && current; ++step) {
    const json::array* owners = arr(*current, {"metadata", "ownerReferences"});
    if (!owners || owners->empty()) break;
    const json::object* chosen = nullptr;
    for (const json::value& value : *owners) {
      if (!value.is_object()) continue;
      if (!chosen) chosen = &value.get_object();
      if (str(value.get_object(), {"controller"}) == QLatin1String("true")) {
        chosen = &value.get_object();
        break;
      }
    }
    if (!chosen) break;
    ResourceKind ownerKind;
    if (!resourceKindFromName(str(*chosen, {"kind"}), &ownerKind)) break;
    QString ns = str(*current, {"metadata", "namespace"});
    QString name = str(*chosen, {"name"});
    QString key = ns.isEmpty() ? name : ns + QLatin1Char('/') + name;
    JsonPointer owner = lookup ? lookup(ownerKind, key) : nullptr;
    chain.append({ownerKind, key, owner != nullptr});
    holder = owner;  // keeps `current` alive
    current = holder.get();
  }
  return chain;
}

std::vector<JsonPointer> podLifecycleEvents(const std::vector<JsonPointer>& events, const json::object& pod,
                                            const QList<OwnerLink>& owners) {
  std::vector<JsonPointer> found;
  QString podName = str(pod, {"metadata", "name"});
  QString ns = str(pod, {"metadata", "namespace"});
  QString previousName = podName;  // what the next owner's events must mention
  for (const OwnerLink& owner : owners) {
    QString ownerName = owner.key.section(QLatin1Char('/'), -1);
    for (const JsonPointer& event : events) {
      if (!event || str(*event, {"involvedObject", "kind"}) != QLatin1String(resourceKindName(owner.kind)) ||
          str(*event, {"involvedObject", "name"}) != ownerName || str(*event, {"involvedObject", "namespace"}) != ns) {
        continue;
      }
      QString reason = str(*event, {"reason"});
      bool relevant = reason == QLatin1String("SuccessfulCreate") || reason == QLatin1String("SuccessfulDelete") ||
                      reason == QLatin1String("ScalingReplicaSet");
      if (relevant && str(*event, {"message"}).contains(previousName)) found.push_back(event);
    }
    previousName = ownerName;
  }
  sortNewestFirst(found);
  return found;
}

}  // namespace kubelab::visualizer
