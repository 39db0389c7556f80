#pragma once
// What `kubectl describe` prints, as rows computed by pure functions from the API's JSON, for
// the inspector's Describe tab; plus the Events that concern an object (newest first), the
// chain of its controllers (Pod → ReplicaSet → Deployment), and the owner's Events that say
// why a pod was created or deleted. No scene, no network: the tests feed JSON fixtures.

#include <boost/json/object.hpp>

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

#include "clustersource.h"

namespace kubelab::visualizer {

// One "Label: value" line; a row with an empty value is a section heading; `indent` nests it.
struct DescribeRow {
  QString label;
  QString value;
  int indent = 0;
  bool operator==(const DescribeRow&) const = default;
};

class Describe {
  Q_DECLARE_TR_FUNCTIONS(Describe)

 public:
  static QList<DescribeRow> pod(const boost::json::object& pod);
  // `podsOnNode`: the keys of the pods bound to it, as the model knows them.
  static QList<DescribeRow> node(const boost::json::object& node, const QStringList& podsOnNode);
  // Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs.
  static QList<DescribeRow> workload(ResourceKind kind, const boost::json::object& workload);
  // `endpoints` may be null (none yet).
  static QList<DescribeRow> service(const boost::json::object& service, const boost::json::object* endpoints);
  // The rows as aligned text, the way kubectl prints them.
  static QString text(const QList<DescribeRow>& rows);
};

using JsonPointer = std::shared_ptr<const boost::json::object>;

// The Events whose involvedObject is this object (by uid when both have one, else by kind,
// namespace and name), newest first.
std::vector<JsonPointer> relatedEvents(const std::vector<JsonPointer>& events, const QString& kind,
                                       const QString& ns, const QString& name, const QString& uid);
// When an Event last happened: lastTimestamp, else eventTime, else its creation.
QString eventTime(const boost::json::object& event);

struct OwnerLink {
  ResourceKind kind = ResourceKind::Pod;
  QString key;
  bool known = false;  // the model has it (only known links can be selected)
  bool operator==(const OwnerLink&) const = default;
};

using ObjectLookup = std::function<JsonPointer(ResourceKind kind, const QString& key)>;
// The object's controller, its controller's controller, ...: the object itself is not in it.
// Follows the ownerReference marked controller (else the first); stops at kinds the view does
// not know, at unknown owners, and after a few steps (cycles).
QList<OwnerLink> ownerChain(ResourceKind kind, const boost::json::object& object, const ObjectLookup& lookup);
// The kind as the API spells it, if the view has one for it.
bool resourceKindFromName(const QString& name, ResourceKind* kind);

// Why this pod exists (or went away): its owner's SuccessfulCreate/SuccessfulDelete Events
// that name it, and the Deployment's ScalingReplicaSet Events that name that owner, newest first.
std::vector<JsonPointer> podLifecycleEvents(const std::vector<JsonPointer>& events, const boost::json::object& pod,
                                            const QList<OwnerLink>& owners);

}  // namespace kubelab::visualizer
