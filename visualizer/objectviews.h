#pragma once
// What the cluster view shows of each object, as plain values computed by pure functions from
// the API's JSON, so the rules (which phase a pod shows, which pool a node is in) are tested
// without a scene or a network. Keys are "<namespace>/<name>" (just "<name>" for nodes), as
// the informers' keys are.

#include <boost/json/object.hpp>

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace kubelab::visualizer {

// What a pod chip shows: the API phase, except that a pod being deleted is Terminating.
enum class PodDisplayState { Pending, Running, Succeeded, Failed, Unknown, Terminating };

struct PodView {
  QString key;
  QString name;
  QString ns;
  QString uid;
  QString phase;  // status.phase as the API says it ("Pending" when missing)
  bool ready = false;
  int readyContainers = 0;
  int containers = 0;
  int restarts = 0;
  QString node;  // spec.nodeName; empty while unscheduled
  QString ownerKind;
  QString ownerName;
  QMap<QString, QString> labels;
  QString deletionTimestamp;  // non-empty once the pod is terminating
  QDateTime created;
  QString reason;  // a waiting container's reason (CrashLoopBackOff, ImagePullBackOff), else status.reason

  PodDisplayState displayState() const;
  bool scheduled() const { return !node.isEmpty(); }
  bool operator==(const PodView&) const = default;
};

enum class NodeReadiness { Ready, NotReady, Unknown };

struct NodeView {
  QString key;
  QString name;
  QString pool;  // from the GKE or KubeLab node-pool label; empty when the node has none
  NodeReadiness readiness = NodeReadiness::Unknown;
  QString cpu;     // status.capacity.cpu
  QString memory;  // status.capacity.memory, in the API's spelling
  QString podCapacity;
  QStringList taints;  // "key=value:Effect"
  bool unschedulable = false;
  QMap<QString, QString> labels;

  bool operator==(const NodeView&) const = default;
};

// ReplicaSets, Deployments, StatefulSets, DaemonSets and Jobs: what groups pods.
struct WorkloadView {
  QString key;
  QString kind;
  QString name;
  QString ns;
  QString uid;
  int desired = 0;  // spec.replicas (Jobs: parallelism; DaemonSets: desiredNumberScheduled)
  int ready = 0;
  QString ownerKind;  // a ReplicaSet's Deployment
  QString ownerName;
  QString revision;  // deployment.kubernetes.io/revision

  bool operator==(const WorkloadView&) const = default;
};

struct ServiceView {
  QString key;
  QString name;
  QString ns;
  QString type;
  QString clusterIP;
  QStringList ports;  // "80/TCP", "80:30080/TCP" for node ports
  QMap<QString, QString> selector;
  QStringList loadBalancerIngress;

  bool operator==(const ServiceView&) const = default;
};

struct EndpointsView {
  QString key;
  QStringList readyPods;  // pod keys of subsets[].addresses[].targetRef
  QStringList notReadyPods;
  int readyAddresses = 0;  // every ready address, pods or not (the API server's own, say)
  int notReadyAddresses = 0;

  bool operator==(const EndpointsView&) const = default;
};

struct EventView {
  QString key;
  QString type;  // Normal or Warning
  QString reason;
  QString message;
  QString involvedKind;
  QString involvedName;
  QString involvedNamespace;
  QString source;  // reportingComponent or source.component
  int count = 1;
  QDateTime lastSeen;

  bool operator==(const EventView&) const = default;
};

PodView podViewFromJson(const boost::json::object& pod);
NodeView nodeViewFromJson(const boost::json::object& node);
// `kind` is the workload's kind ("ReplicaSet", ...), since list items may lack it.
WorkloadView workloadViewFromJson(const QString& kind, const boost::json::object& workload);
ServiceView serviceViewFromJson(const boost::json::object& service);
EndpointsView endpointsViewFromJson(const boost::json::object& endpoints);
EventView eventViewFromJson(const boost::json::object& event);

// An RFC 3339 timestamp as the API writes it; invalid when empty or malformed.
QDateTime parseApiTime(const QString& text);
// Untranslated English names, for logs and tests; the scene translates its own.
QString podDisplayStateName(PodDisplayState state);

}  // namespace kubelab::visualizer

Q_DECLARE_METATYPE(kubelab::visualizer::PodView)
Q_DECLARE_METATYPE(kubelab::visualizer::NodeView)
