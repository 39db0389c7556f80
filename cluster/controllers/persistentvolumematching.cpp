#include "controllers/persistentvolumematching.h"

#include <boost/json/array.hpp>

#include <cstdlib>
#include <set>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "api/quantity.h"

namespace kubelab::controllers::persistentvolume {
namespace json = boost::json;

namespace {

std::int64_t quantityAt(const Object& object, std::initializer_list<std::string_view> path) {
  std::string text = api::stringAt(object, path);
  if (text.empty()) return 0;
  Result<api::Quantity> parsed = api::parseQuantity(text);
  return parsed.isOk() ? parsed->milliValue : 0;
}

std::set<std::string> accessModes(const Object& object) {
  std::set<std::string> modes;
  if (const json::array* array = api::arrayAt(object, {"spec", "accessModes"})) {
    for (const json::value& mode : *array) {
      if (mode.is_string()) modes.insert(std::string(mode.get_string()));
    }
  }
  return modes;
}

std::string volumeMode(const Object& object) {
  std::string mode = api::stringAt(object, {"spec", "volumeMode"});
  return mode.empty() ? "Filesystem" : mode;
}

}  // namespace

std::string claimStorageClass(const Object& claim) { return api::stringAt(claim, {"spec", "storageClassName"}); }

bool volumeFits(const Object& volume, const Object& claim) {
  if (api::stringAt(volume, {"spec", "storageClassName"}) != claimStorageClass(claim)) return false;
  if (volumeMode(volume) != volumeMode(claim)) return false;
  std::set<std::string> offered = accessModes(volume);
  for (const std::string& mode : accessModes(claim)) {
    if (!offered.contains(mode)) return false;
  }
  if (quantityAt(volume, {"spec", "capacity", "storage"}) <
      quantityAt(claim, {"spec", "resources", "requests", "storage"})) {
    return false;
  }
  if (const json::value* selector = api::valueAt(claim, {"spec", "selector"}); selector != nullptr && !selector->is_null()) {
    Result<api::LabelSelector> parsed = api::LabelSelector::fromJson(selector);
    if (!parsed.isOk() || !parsed->matches(api::labels(volume))) return false;
  }
  return true;
}

bool volumeAvailableFor(const Object& volume, const Object& claim) {
  if (!api::stringAt(volume, {"metadata", "deletionTimestamp"}).empty()) return false;
  std::string phase = api::stringAt(volume, {"status", "phase"});
  if (phase == "Released" || phase == "Failed") return false;
  const Object* reference = api::objectAt(volume, {"spec", "claimRef"});
  if (reference == nullptr) return true;
  // Pre-bound by an administrator to this claim's name (uid not yet known).
  std::string uid = api::stringAt(*reference, {"uid"});
  return api::stringAt(*reference, {"name"}) == api::name(claim) &&
         api::stringAt(*reference, {"namespace"}) == api::namespaceOf(claim) && (uid.empty() || uid == api::uid(claim));
}

client::ObjectPointer bestVolumeFor(const Object& claim, const std::vector<client::ObjectPointer>& volumes) {
  client::ObjectPointer best;
  for (const client::ObjectPointer& volume : volumes) {
    if (!volumeAvailableFor(*volume, claim) || !volumeFits(*volume, claim)) continue;
    if (api::objectAt(*volume, {"spec", "claimRef"}) != nullptr) return volume;  // pre-bound wins
    if (!best || quantityAt(*volume, {"spec", "capacity", "storage"}) < quantityAt(*best, {"spec", "capacity", "storage"})) {
      best = volume;
    }
  }
  return best;
}

Object claimReference(const Object& claim) {
  return Object{{"kind", "PersistentVolumeClaim"}, {"namespace", api::namespaceOf(claim)}, {"name", api::name(claim)},
                {"uid", api::uid(claim)},          {"apiVersion", "v1"},
                {"resourceVersion", api::resourceVersion(claim)}};
}

Object provisionedVolume(const Object& claim, const std::string& directory) {
  std::string name = "pvc-" + api::uid(claim);
  json::array modes;
  for (const std::string& mode : accessModes(claim)) modes.push_back(json::string(mode));
  if (modes.empty()) modes.push_back("ReadWriteOnce");
  std::string storage = api::stringAt(claim, {"spec", "resources", "requests", "storage"});
  Object spec{{"capacity", Object{{"storage", storage.empty() ? "0" : storage}}},
              {"accessModes", modes},
              {"persistentVolumeReclaimPolicy", "Delete"},
              {"volumeMode", volumeMode(claim)},
              {"hostPath", Object{{"path", directory + "/" + name}, {"type", "DirectoryOrCreate"}}},
              {"claimRef", claimReference(claim)}};
  if (std::string storageClass = claimStorageClass(claim); !storageClass.empty()) spec["storageClassName"] = storageClass;
  return Object{{"apiVersion", "v1"},
                {"kind", "PersistentVolume"},
                {"metadata", Object{{"name", name},
                                    {"annotations", Object{{kProvisionedByAnnotation, kLocalProvisioner},
                                                           {kBoundByControllerAnnotation, "yes"}}}}},
                {"spec", std::move(spec)}};
}

std::string volumeDirectory() {
  const char* configured = std::getenv("KUBELAB_LOCAL_VOLUME_DIRECTORY");
  return configured != nullptr && *configured != '\0' ? configured : kDefaultVolumeDirectory;
}

}  // namespace kubelab::controllers::persistentvolume
