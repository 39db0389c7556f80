#include "controllers/persistentvolumebinder.h"

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "controllers/persistentvolumematching.h"

namespace kubelab::controllers {
namespace json = boost::json;
using client::ObjectPointer;
namespace pv = persistentvolume;

namespace {

constexpr std::string_view kClaimPrefix = "claim:";
constexpr std::string_view kVolumePrefix = "volume:";

bool isDeleting(const json::object& object) {
  return !api::stringAt(object, {"metadata", "deletionTimestamp"}).empty();
}

bool sameResourceVersion(const ObjectPointer& old, const ObjectPointer& current) {
  return old && current && api::resourceVersion(*old) == api::resourceVersion(*current);
}

}  // namespace

PersistentVolumeBinder::PersistentVolumeBinder(ControllerContext& context)
    : api_(context.api),
      claims_(context.informers.informer(client::resources::persistentVolumeClaims).lister()),
      volumes_(context.informers.informer(client::resources::persistentVolumes).lister()),
      recorder_(context.recorderFor("persistentvolume-controller")),
      volumeDirectory_(pv::volumeDirectory()),
      workers_(context.workersPerController),
      loop_("persistentvolume-binder", [this](const std::string& key) { return sync(key); }) {
  auto enqueueClaim = [this](const ObjectPointer& claim) {
    loop_.enqueue(std::string(kClaimPrefix) + client::objectKey(*claim));
  };
  context.informers.informer(client::resources::persistentVolumeClaims)
      .addEventHandlers({enqueueClaim,
                         [enqueueClaim](const ObjectPointer& old, const ObjectPointer& current) {
                           if (!sameResourceVersion(old, current)) enqueueClaim(current);
                         },
                         [this](const ObjectPointer& claim) {
                           // Its volume is released now.
                           std::string volumeName = api::stringAt(*claim, {"spec", "volumeName"});
                           if (!volumeName.empty()) loop_.enqueue(std::string(kVolumePrefix) + volumeName);
                         }});
  auto onVolume = [this](const ObjectPointer& volume) {
    loop_.enqueue(std::string(kVolumePrefix) + api::name(*volume));
    // A new or freed volume may be what a pending claim waits for.
    if (api::objectAt(*volume, {"spec", "claimRef"}) == nullptr) {
      for (const ObjectPointer& claim : claims_.list()) {
        if (api::stringAt(*claim, {"spec", "volumeName"}).empty()) {
          loop_.enqueue(std::string(kClaimPrefix) + client::objectKey(*claim));
        }
      }
    }
  };
  context.informers.informer(client::resources::persistentVolumes)
      .addEventHandlers({onVolume,
                         [onVolume](const ObjectPointer& old, const ObjectPointer& current) {
                           if (!sameResourceVersion(old, current)) onVolume(current);
                         },
                         nullptr});
}

PersistentVolumeBinder::~PersistentVolumeBinder() { stop(); }

void PersistentVolumeBinder::start() { loop_.start(workers_); }

void PersistentVolumeBinder::stop() { loop_.stop(); }

Status PersistentVolumeBinder::sync(const std::string& key) {
  if (key.starts_with(kClaimPrefix)) return syncClaim(key.substr(kClaimPrefix.size()));
  if (key.starts_with(kVolumePrefix)) return syncVolume(key.substr(kVolumePrefix.size()));
  return invalid("unknown key " + key);
}

void PersistentVolumeBinder::recordClaimEvent(const json::object& claim, client::EventType type, std::string reason,
                                              std::string message) {
  recorder_->record({client::objectReference(claim, "v1", "PersistentVolumeClaim"), type, std::move(reason),
                     std::move(message), {}});
}

Status PersistentVolumeBinder::syncClaim(const std::string& claimKey) {
  auto [ns, claimName] = client::splitObjectKey(claimKey);
  ObjectPointer claim = claims_.get(ns, claimName);
  if (!claim || isDeleting(*claim)) return Status::ok();
  std::string volumeName = api::stringAt(*claim, {"spec", "volumeName"});
  if (volumeName.empty()) {
    ObjectPointer volume = pv::bestVolumeFor(*claim, volumes_.list());
    if (volume) return bind(*volume, *claim);
    return provisionFor(*claim);
  }
  ObjectPointer volume = volumes_.get("", volumeName);
  bool wasBound = api::stringAt(*claim, {"metadata", "annotations", pv::kBindCompletedAnnotation}) == "yes";
  if (!volume) {
    if (!wasBound || api::stringAt(*claim, {"status", "phase"}) == "Lost") return Status::ok();
    json::object lost = *claim;
    api::ensureObject(lost, "status")["phase"] = "Lost";
    recordClaimEvent(*claim, client::EventType::Warning, "ClaimLost",
                     "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
    return api_.update(client::resources::persistentVolumeClaims, lost, "status").status();
  }
  const json::object* reference = api::objectAt(*volume, {"spec", "claimRef"});
  if (reference == nullptr || pv::volumeAvailableFor(*volume, *claim)) {
    // The claim asked for this volume by name (or binding stopped half way): finish it.
    if (reference == nullptr && !pv::volumeFits(*volume, *claim)) {
      recordClaimEvent(*claim, client::EventType::Warning, "VolumeMismatch",
                       "Cannot bind to requested volume \"" + volumeName + "\": it does not fit the claim");
      return Status::ok();
    }
    return bind(*volume, *claim);
  }
  // The volume belongs to another claim.
  if (wasBound && api::stringAt(*claim, {"status", "phase"}) != "Lost") {
    json::object lost = *claim;
    api::ensureObject(lost, "status")["phase"] = "Lost";
    recordClaimEvent(*claim, client::EventType::Warning, "ClaimMisbound",
                     "Two claims are bound to the same volume, this one is bound incorrectly");
    return api_.update(client::resources::persistentVolumeClaims, lost, "status").status();
  }
  return Status::ok();
}

Status PersistentVolumeBinder::provisionFor(const json::object& claim) {
  json::object volume = pv::provisionedVolume(claim, volumeDirectory_);
  Result<json::object> created = api_.create(client::resources::persistentVolumes, "", volume);
  if (!created.isOk()) {
    // Made earlier, and the cache has not seen it yet: the volume's event brings the claim back.
    if (created.status().code() == StatusCode::AlreadyExists) return Status::ok();
    recordClaimEvent(claim, client::EventType::Warning, "ProvisioningFailed",
                     "Failed to provision volume: " + created.status().message());
    return created.status();
  }
  log::info("persistentvolume-binder: provisioned ", api::name(*created), " for ", client::objectKey(claim));
  recordClaimEvent(claim, client::EventType::Normal, "ProvisioningSucceeded",
                   "Successfully provisioned volume " + api::name(*created) + " using " + pv::kLocalProvisioner);
  return bind(*created, claim);
}

Status PersistentVolumeBinder::bind(const json::object& volume, const json::object& claim) {
  Status volumeBound = bindVolumeToClaim(volume, claim);
  if (!volumeBound.isOk()) return volumeBound;
  return bindClaimToVolume(claim, volume);
}

Status PersistentVolumeBinder::bindVolumeToClaim(const json::object& cachedVolume, const json::object& claim) {
  json::object volume = cachedVolume;
  const json::object* reference = api::objectAt(volume, {"spec", "claimRef"});
  bool referenceCurrent = reference != nullptr && api::stringAt(*reference, {"uid"}) == api::uid(claim);
  if (!referenceCurrent) {
    json::object& metadata = api::ensureObject(volume, "metadata");
    // The controller chose this pairing unless an administrator pre-bound the volume by name.
    if (reference == nullptr) api::ensureObject(metadata, "annotations")[pv::kBoundByControllerAnnotation] = "yes";
    api::ensureObject(volume, "spec")["claimRef"] = pv::claimReference(claim);
    Result<json::object> updated = api_.update(client::resources::persistentVolumes, volume);
    if (!updated.isOk()) return updated.status();
    volume = std::move(*updated);
  }
  return setVolumePhase(volume, "Bound");
}

Status PersistentVolumeBinder::setVolumePhase(const json::object& cachedVolume, const std::string& phase) {
  if (api::stringAt(cachedVolume, {"status", "phase"}) == phase) return Status::ok();
  json::object volume = cachedVolume;
  api::ensureObject(volume, "status")["phase"] = phase;
  Result<json::object> updated = api_.update(client::resources::persistentVolumes, volume, "status");
  return updated.status().code() == StatusCode::NotFound ? Status::ok() : updated.status();
}

Status PersistentVolumeBinder::bindClaimToVolume(const json::object& cachedClaim, const json::object& volume) {
  json::object claim = cachedClaim;
  json::object& annotations = api::ensureObject(api::ensureObject(claim, "metadata"), "annotations");
  bool changed = false;
  if (api::stringAt(claim, {"spec", "volumeName"}) != api::name(volume)) {
    api::ensureObject(claim, "spec")["volumeName"] = api::name(volume);
    annotations[pv::kBoundByControllerAnnotation] = "yes";
    changed = true;
  }
  if (api::stringAt(claim, {"metadata", "annotations", pv::kBindCompletedAnnotation}) != "yes") {
    annotations[pv::kBindCompletedAnnotation] = "yes";
    changed = true;
  }
  if (changed) {
    Result<json::object> updated = api_.update(client::resources::persistentVolumeClaims, claim);
    if (!updated.isOk()) return updated.status();
    claim = std::move(*updated);
  }
  json::object status = api::objectAt(claim, {"status"}) != nullptr ? *api::objectAt(claim, {"status"}) : json::object{};
  json::object wanted = status;
  wanted["phase"] = "Bound";
  if (const json::value* modes = api::valueAt(volume, {"spec", "accessModes"})) wanted["accessModes"] = *modes;
  if (const json::value* capacity = api::valueAt(volume, {"spec", "capacity"})) wanted["capacity"] = *capacity;
  if (wanted == status) return Status::ok();
  claim["status"] = std::move(wanted);
  Result<json::object> updated = api_.update(client::resources::persistentVolumeClaims, claim, "status");
  if (!updated.isOk()) return updated.status();
  log::info("persistentvolume-binder: bound ", client::objectKey(claim), " to ", api::name(volume));
  return Status::ok();
}

Status PersistentVolumeBinder::syncVolume(const std::string& volumeName) {
  ObjectPointer volume = volumes_.get("", volumeName);
  if (!volume || isDeleting(*volume)) return Status::ok();
  const json::object* reference = api::objectAt(*volume, {"spec", "claimRef"});
  if (reference == nullptr) return setVolumePhase(*volume, "Available");
  std::string claimUid = api::stringAt(*reference, {"uid"});
  std::string ns = api::stringAt(*reference, {"namespace"});
  std::string claimName = api::stringAt(*reference, {"name"});
  if (claimUid.empty()) {
    // Pre-bound by name: the claim's sync finishes the binding.
    loop_.enqueue(std::string(kClaimPrefix) + client::objectKey(ns, claimName));
    return setVolumePhase(*volume, "Available");
  }
  ObjectPointer claim = claims_.get(ns, claimName);
  bool claimGone = !claim || api::uid(*claim) != claimUid;
  if (claimGone) {
    // The cache may be behind (a claim created a moment ago): ask the server before releasing.
    Result<json::object> live = api_.get(client::resources::persistentVolumeClaims, ns, claimName);
    if (live.isOk() && api::uid(*live) == claimUid) return Status::ok();
    if (!live.isOk() && live.status().code() != StatusCode::NotFound) return live.status();
  }
  if (!claimGone) {
    if (api::stringAt(*claim, {"spec", "volumeName"}) == volumeName) return setVolumePhase(*volume, "Bound");
    loop_.enqueue(std::string(kClaimPrefix) + client::objectKey(ns, claimName));
    return Status::ok();
  }
  Status released = setVolumePhase(*volume, "Released");
  if (!released.isOk()) return released;
  if (api::stringAt(*volume, {"spec", "persistentVolumeReclaimPolicy"}) != "Delete") return Status::ok();
  client::DeleteOptions options;
  options.preconditionUid = api::uid(*volume);
  Status removed = api_.remove(client::resources::persistentVolumes, "", volumeName, options);
  if (removed.isOk() || removed.code() == StatusCode::NotFound) {
    log::info("persistentvolume-binder: deleted released volume ", volumeName);
    return Status::ok();
  }
  recorder_->record({client::objectReference(*volume, "v1", "PersistentVolume"), client::EventType::Warning,
                     "VolumeFailedDelete", removed.message(), {}});
  return removed;
}

std::unique_ptr<Controller> newPersistentVolumeBinder(ControllerContext& context) {
  return std::make_unique<PersistentVolumeBinder>(context);
}

}  // namespace kubelab::controllers
