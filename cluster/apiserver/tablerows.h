#pragma once
// The cells of one Table row per resource, as Kubernetes' server-side printers
// (pkg/printers/internalversion) compute them. The server always prints the wide form; kubectl
// hides the priority-1 columns unless asked for -o wide.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "apiserver/tableformat.h"

namespace kubelab::apiserver {

struct TableRowCells {
  boost::json::array cells;
  boost::json::array conditions;  // TableRowCondition objects; empty for most rows
};

using TableRowPrinter = TableRowCells (*)(const boost::json::object& object, TablePoint now);

// tablerowspods.cpp
TableRowCells podRow(const boost::json::object& pod, TablePoint now);
TableRowCells podTemplateRow(const boost::json::object& podTemplate, TablePoint now);

// tablerowsworkloads.cpp
TableRowCells replicationControllerRow(const boost::json::object& controller, TablePoint now);
TableRowCells replicaSetRow(const boost::json::object& replicaSet, TablePoint now);
TableRowCells deploymentRow(const boost::json::object& deployment, TablePoint now);
TableRowCells statefulSetRow(const boost::json::object& statefulSet, TablePoint now);
TableRowCells daemonSetRow(const boost::json::object& daemonSet, TablePoint now);
TableRowCells jobRow(const boost::json::object& job, TablePoint now);
TableRowCells cronJobRow(const boost::json::object& cronJob, TablePoint now);
TableRowCells controllerRevisionRow(const boost::json::object& revision, TablePoint now);

// tablerowscore.cpp
TableRowCells serviceRow(const boost::json::object& service, TablePoint now);
TableRowCells endpointsRow(const boost::json::object& endpoints, TablePoint now);
TableRowCells endpointSliceRow(const boost::json::object& slice, TablePoint now);
TableRowCells nodeRow(const boost::json::object& node, TablePoint now);
TableRowCells namespaceRow(const boost::json::object& space, TablePoint now);
TableRowCells configMapRow(const boost::json::object& configMap, TablePoint now);
TableRowCells secretRow(const boost::json::object& secret, TablePoint now);
TableRowCells serviceAccountRow(const boost::json::object& account, TablePoint now);
TableRowCells leaseRow(const boost::json::object& lease, TablePoint now);
TableRowCells roleBindingRow(const boost::json::object& binding, TablePoint now);

// tablerowsstorage.cpp
TableRowCells persistentVolumeRow(const boost::json::object& volume, TablePoint now);
TableRowCells persistentVolumeClaimRow(const boost::json::object& claim, TablePoint now);
TableRowCells resourceQuotaRow(const boost::json::object& quota, TablePoint now);
// core/v1 and events.k8s.io/v1 events, whose fields have different names.
TableRowCells eventRow(const boost::json::object& event, TablePoint now);

}  // namespace kubelab::apiserver
