// Rows of persistent volumes and claims, resource quotas, and events.

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "apiserver/tablerows.h"

namespace kubelab::apiserver {

namespace {

using boost::json::object;
using boost::json::value;

constexpr std::string_view kBetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

std::string nameOf(const object& item) { return text(at(item, {"metadata", "name"})); }
std::string ageOf(const object& item, TablePoint now) { return ageSince(at(item, {"metadata", "creationTimestamp"}), now); }

bool present(const value* field) { return field != nullptr && !field->is_null(); }

// "RWO,ROX,RWX,RWOP" in that fixed order, whatever order the object lists them in.
std::string accessModes(const value* modes) {
  std::vector<std::string> listed;
  if (modes != nullptr && modes->is_array()) {
    for (const value& mode : modes->get_array()) listed.push_back(text(&mode));
  }
  std::string out;
  for (auto [mode, abbreviation] : {std::pair{"ReadWriteOnce", "RWO"}, std::pair{"ReadOnlyMany", "ROX"},
                                    std::pair{"ReadWriteMany", "RWX"}, std::pair{"ReadWriteOncePod", "RWOP"}}) {
    if (std::find(listed.begin(), listed.end(), mode) != listed.end()) out += (out.empty() ? "" : ",") + std::string(abbreviation);
  }
  return out;
}

// The beta annotation still wins over spec.storageClassName, as in Kubernetes.
std::string storageClass(const object& item) {
  const value* annotations = at(item, {"metadata", "annotations"});
  if (annotations != nullptr && annotations->is_object()) {
    if (const value* annotated = annotations->get_object().if_contains(kBetaStorageClassAnnotation)) return text(annotated);
  }
  return text(at(item, {"spec", "storageClassName"}));
}

std::string unsetIfAbsent(const value* field) { return present(field) ? text(field) : "<unset>"; }

std::string phaseOf(const object& item) {
  return present(at(item, {"metadata", "deletionTimestamp"})) ? "Terminating" : text(at(item, {"status", "phase"}));
}

bool isZeroTime(const value* timestamp) {
  if (!present(timestamp) || !timestamp->is_string()) return true;
  return timestamp->get_string() == "0001-01-01T00:00:00Z";
}

// events.k8s.io/v1 renamed the core/v1 Event fields; Kubernetes prints both from one internal type.
struct EventFields {
  const value* firstTimestamp;
  const value* lastTimestamp;
  const value* count;
  const value* involvedObject;
  const value* source;
  const value* message;
};

EventFields eventFields(const object& event) {
  if (event.contains("regarding") || event.contains("note") || text(at(event, {"apiVersion"})).rfind("events.k8s.io/", 0) == 0) {
    return {at(event, {"deprecatedFirstTimestamp"}), at(event, {"deprecatedLastTimestamp"}), at(event, {"deprecatedCount"}),
            at(event, {"regarding"}), at(event, {"deprecatedSource"}), at(event, {"note"})};
  }
  return {at(event, {"firstTimestamp"}), at(event, {"lastTimestamp"}), at(event, {"count"}), at(event, {"involvedObject"}),
          at(event, {"source"}), at(event, {"message"})};
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trimmed(const std::string& text) {
  std::size_t first = text.find_first_not_of(" \t\n\r\v\f");
  if (first == std::string::npos) return "";
  std::size_t last = text.find_last_not_of(" \t\n\r\v\f");
  return text.substr(first, last - first + 1);
}

}  // namespace

TableRowCells persistentVolumeRow(const object& volume, TablePoint now) {
  const value* claimRef = at(volume, {"spec", "claimRef"});
  std::string claim = present(claimRef) ? text(at(claimRef, {"namespace"})) + "/" + text(at(claimRef, {"name"})) : "";
  TableRowCells row;
  row.cells = {nameOf(volume),
               quantityString(at(volume, {"spec", "capacity", "storage"})),
               accessModes(at(volume, {"spec", "accessModes"})),
               text(at(volume, {"spec", "persistentVolumeReclaimPolicy"})),
               phaseOf(volume),
               claim,
               storageClass(volume),
               unsetIfAbsent(at(volume, {"spec", "volumeAttributesClassName"})),
               text(at(volume, {"status", "reason"})),
               ageOf(volume, now),
               unsetIfAbsent(at(volume, {"spec", "volumeMode"}))};
  return row;
}

TableRowCells persistentVolumeClaimRow(const object& claim, TablePoint now) {
  std::string volumeName = text(at(claim, {"spec", "volumeName"}));
  bool bound = !volumeName.empty();
  TableRowCells row;
  row.cells = {nameOf(claim),
               phaseOf(claim),
               volumeName,
               bound ? quantityString(at(claim, {"status", "capacity", "storage"})) : "",
               bound ? accessModes(at(claim, {"status", "accessModes"})) : "",
               storageClass(claim),
               unsetIfAbsent(at(claim, {"spec", "volumeAttributesClassName"})),
               ageOf(claim, now),
               unsetIfAbsent(at(claim, {"spec", "volumeMode"}))};
  return row;
}

// "cpu: 500m/2, pods: 3/10" for requests and counts; limits.* go to the LIMIT column.
TableRowCells resourceQuotaRow(const object& quota, TablePoint now) {
  std::vector<std::string> resources;
  const value* hard = at(quota, {"status", "hard"});
  if (hard != nullptr && hard->is_object()) {
    for (const auto& entry : hard->get_object()) resources.emplace_back(entry.key());
  }
  std::sort(resources.begin(), resources.end());
  std::string requests;
  std::string limits;
  for (const std::string& resource : resources) {
    std::string& column = resource.rfind("limits.", 0) == 0 ? limits : requests;
    column += (column.empty() ? "" : ", ") + resource + ": " + quantityString(at(quota, {"status", "used", resource})) + "/" +
              quantityString(at(quota, {"status", "hard", resource}));
  }
  TableRowCells row;
  row.cells = {nameOf(quota), requests, limits, ageOf(quota, now)};
  return row;
}

TableRowCells eventRow(const object& event, TablePoint now) {
  EventFields fields = eventFields(event);
  std::string firstSeen = isZeroTime(fields.firstTimestamp) ? ageSince(at(event, {"eventTime"}), now)
                                                            : ageSince(fields.firstTimestamp, now);
  std::string lastSeen = isZeroTime(fields.lastTimestamp) ? firstSeen : ageSince(fields.lastTimestamp, now);
  std::int64_t count = integer(fields.count);
  if (const value* series = at(event, {"series"}); present(series)) {
    lastSeen = ageSince(at(series, {"lastObservedTime"}), now);
    count = integer(at(series, {"count"}));
  } else if (count == 0) {
    count = 1;  // singleton events of the new API have no count
  }

  std::string kind = lowercase(text(at(fields.involvedObject, {"kind"})));
  std::string involvedName = text(at(fields.involvedObject, {"name"}));
  std::string target = involvedName.empty() ? kind : kind + "/" + involvedName;

  std::string component = text(at(fields.source, {"component"}));
  if (component.empty()) component = text(at(event, {"reportingController"}));
  if (component.empty()) component = text(at(event, {"reportingComponent"}));
  std::string instance = text(at(fields.source, {"host"}));
  if (instance.empty()) instance = text(at(event, {"reportingInstance"}));
  std::string source = instance.empty() ? component : component + ", " + instance;

  TableRowCells row;
  row.cells = {lastSeen,
               text(at(event, {"type"})),
               text(at(event, {"reason"})),
               target,
               text(at(fields.involvedObject, {"fieldPath"})),
               source,
               trimmed(text(fields.message)),
               firstSeen,
               count,
               nameOf(event)};
  return row;
}

}  // namespace kubelab::apiserver
