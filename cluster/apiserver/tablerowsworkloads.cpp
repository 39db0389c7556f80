// Rows of the workload controllers: replication controllers, replica sets, deployments,
// stateful sets, daemon sets, jobs, cron jobs and their controller revisions.

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>
#include <string>

#include "apiserver/tablerows.h"

namespace kubelab::apiserver {

namespace {

using boost::json::object;
using boost::json::value;

std::string nameOf(const object& item) { return text(at(item, {"metadata", "name"})); }
std::string ageOf(const object& item, TablePoint now) { return ageSince(at(item, {"metadata", "creationTimestamp"}), now); }

// spec.replicas as the API server holds it after defaulting (1 when unset).
std::int64_t desiredReplicas(const object& item) { return integer(at(item, {"spec", "replicas"}), 1); }

std::string ratio(std::int64_t ready, std::int64_t desired) { return std::to_string(ready) + "/" + std::to_string(desired); }

bool isTrue(const value* flag) { return flag != nullptr && flag->is_bool() && flag->get_bool(); }

// The first condition of that type decides, as in Kubernetes' hasJobCondition.
bool jobCondition(const object& job, std::string_view type) {
  const value* conditions = at(job, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return false;
  for (const value& condition : conditions->get_array()) {
    if (text(at(&condition, {"type"})) == type) return text(at(&condition, {"status"})) == "True";
  }
  return false;
}

std::string jobStatus(const object& job) {
  if (jobCondition(job, "Complete")) return "Complete";
  if (jobCondition(job, "Failed")) return "Failed";
  const value* deletion = at(job, {"metadata", "deletionTimestamp"});
  if (deletion != nullptr && !deletion->is_null()) return "Terminating";
  if (jobCondition(job, "Suspended")) return "Suspended";
  if (jobCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

std::string jobCompletions(const object& job) {
  std::int64_t succeeded = integer(at(job, {"status", "succeeded"}));
  if (const value* completions = at(job, {"spec", "completions"}); completions != nullptr && !completions->is_null()) {
    return ratio(succeeded, integer(completions));
  }
  std::int64_t parallelism = integer(at(job, {"spec", "parallelism"}));
  if (parallelism > 1) return ratio(succeeded, 1) + " of " + std::to_string(parallelism);
  return ratio(succeeded, 1);
}

std::string jobDuration(const object& job, TablePoint now) {
  const value* started = at(job, {"status", "startTime"});
  if (started == nullptr || !started->is_string()) return "";
  std::optional<TablePoint> start = parseTimestamp(started->get_string());
  if (!start) return "";
  const value* completed = at(job, {"status", "completionTime"});
  std::optional<TablePoint> end = completed != nullptr && completed->is_string() ? parseTimestamp(completed->get_string())
                                                                                 : std::nullopt;
  return humanDuration((end ? *end : now) - *start);
}

void appendContainers(TableRowCells& row, const value* containers) {
  auto [names, images] = containerCells(containers);
  row.cells.emplace_back(names);
  row.cells.emplace_back(images);
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// "statefulset.apps/web": the controlling owner as kind.group/name, or "<none>".
std::string controllerOf(const object& revision) {
  const value* owners = at(revision, {"metadata", "ownerReferences"});
  if (owners == nullptr || !owners->is_array()) return "<none>";
  for (const value& owner : owners->get_array()) {
    if (!isTrue(at(&owner, {"controller"}))) continue;
    std::string apiVersion = text(at(&owner, {"apiVersion"}));
    std::size_t slash = apiVersion.find('/');
    std::string group = slash == std::string::npos ? "" : apiVersion.substr(0, slash);
    std::string kind = text(at(&owner, {"kind"}));
    std::string name = text(at(&owner, {"name"}));
    if (kind.empty() && group.empty()) return name;
    return lowercase(group.empty() ? kind : kind + "." + group) + "/" + name;
  }
  return "<none>";
}

}  // namespace

TableRowCells replicationControllerRow(const object& controller, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(controller), desiredReplicas(controller), integer(at(controller, {"status", "replicas"})),
               integer(at(controller, {"status", "readyReplicas"})), ageOf(controller, now)};
  appendContainers(row, at(controller, {"spec", "template", "spec", "containers"}));
  row.cells.emplace_back(formatLabels(at(controller, {"spec", "selector"})));
  return row;
}

TableRowCells replicaSetRow(const object& replicaSet, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(replicaSet), desiredReplicas(replicaSet), integer(at(replicaSet, {"status", "replicas"})),
               integer(at(replicaSet, {"status", "readyReplicas"})), ageOf(replicaSet, now)};
  appendContainers(row, at(replicaSet, {"spec", "template", "spec", "containers"}));
  row.cells.emplace_back(formatLabelSelector(at(replicaSet, {"spec", "selector"})));
  return row;
}

TableRowCells deploymentRow(const object& deployment, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(deployment),
               ratio(integer(at(deployment, {"status", "readyReplicas"})), desiredReplicas(deployment)),
               integer(at(deployment, {"status", "updatedReplicas"})),
               integer(at(deployment, {"status", "availableReplicas"})),
               ageOf(deployment, now)};
  appendContainers(row, at(deployment, {"spec", "template", "spec", "containers"}));
  row.cells.emplace_back(labelSelectorString(at(deployment, {"spec", "selector"})));
  return row;
}

TableRowCells statefulSetRow(const object& statefulSet, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(statefulSet), ratio(integer(at(statefulSet, {"status", "readyReplicas"})), desiredReplicas(statefulSet)),
               ageOf(statefulSet, now)};
  appendContainers(row, at(statefulSet, {"spec", "template", "spec", "containers"}));
  return row;
}

TableRowCells daemonSetRow(const object& daemonSet, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(daemonSet),
               integer(at(daemonSet, {"status", "desiredNumberScheduled"})),
               integer(at(daemonSet, {"status", "currentNumberScheduled"})),
               integer(at(daemonSet, {"status", "numberReady"})),
               integer(at(daemonSet, {"status", "updatedNumberScheduled"})),
               integer(at(daemonSet, {"status", "numberAvailable"})),
               formatLabels(at(daemonSet, {"spec", "template", "spec", "nodeSelector"})),
               ageOf(daemonSet, now)};
  appendContainers(row, at(daemonSet, {"spec", "template", "spec", "containers"}));
  row.cells.emplace_back(formatLabelSelector(at(daemonSet, {"spec", "selector"})));
  return row;
}

TableRowCells jobRow(const object& job, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(job), jobStatus(job), jobCompletions(job), jobDuration(job, now), ageOf(job, now)};
  appendContainers(row, at(job, {"spec", "template", "spec", "containers"}));
  row.cells.emplace_back(formatLabelSelector(at(job, {"spec", "selector"})));
  return row;
}

TableRowCells cronJobRow(const object& cronJob, TablePoint now) {
  const value* lastSchedule = at(cronJob, {"status", "lastScheduleTime"});
  const value* timeZone = at(cronJob, {"spec", "timeZone"});
  const value* suspend = at(cronJob, {"spec", "suspend"});
  std::string suspended = suspend == nullptr || !suspend->is_bool() ? "<unset>" : (suspend->get_bool() ? "True" : "False");
  TableRowCells row;
  row.cells = {nameOf(cronJob),
               text(at(cronJob, {"spec", "schedule"})),
               timeZone != nullptr && timeZone->is_string() ? text(timeZone) : "<none>",
               suspended,
               countOf(at(cronJob, {"status", "active"})),
               lastSchedule != nullptr && !lastSchedule->is_null() ? ageSince(lastSchedule, now) : "<none>",
               ageOf(cronJob, now)};
  appendContainers(row, at(cronJob, {"spec", "jobTemplate", "spec", "template", "spec", "containers"}));
  row.cells.emplace_back(formatLabelSelector(at(cronJob, {"spec", "jobTemplate", "spec", "selector"})));
  return row;
}

TableRowCells controllerRevisionRow(const object& revision, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(revision), controllerOf(revision), integer(at(revision, {"revision"})), ageOf(revision, now)};
  return row;
}

}  // namespace kubelab::apiserver
