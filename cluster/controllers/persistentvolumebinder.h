#pragma once
// The PersistentVolume binder and local provisioner (Kubernetes' persistentvolume-binder
// controller with the in-tree host path provisioner): a pending claim is bound to the best
// available volume that fits it, or else to a new local volume made for it; binding is written
// both ways (volume spec.claimRef and phase Bound, claim spec.volumeName, the bind-completed and
// bound-by-controller annotations and phase Bound). A volume whose claim is gone is Released,
// and deleted when its reclaim policy is Delete.
//
// Kubernetes provisions only for claims whose StorageClass names a provisioner; this cluster
// serves no StorageClasses, so the local provisioner serves every claim no volume can, and
// records the claim's class on the volume.

#include <memory>
#include <string>

#include "client/eventrecorder.h"
#include "client/lister.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"

namespace kubelab::controllers {

class PersistentVolumeBinder final : public Controller {
 public:
  explicit PersistentVolumeBinder(ControllerContext& context);
  ~PersistentVolumeBinder() override;

  std::string name() const override { return "persistentvolume-binder"; }
  void start() override;
  void stop() override;

  // The one sync function. Keys: "claim:<namespace>/<name>" or "volume:<name>".
  Status sync(const std::string& key);
  Status syncClaim(const std::string& claimKey);
  Status syncVolume(const std::string& volumeName);
  client::ReconcileLoop& loop() { return loop_; }
  void setVolumeDirectory(std::string directory) { volumeDirectory_ = std::move(directory); }

 private:
  Status bind(const boost::json::object& volume, const boost::json::object& claim);
  Status bindVolumeToClaim(const boost::json::object& volume, const boost::json::object& claim);
  Status bindClaimToVolume(const boost::json::object& claim, const boost::json::object& volume);
  Status setVolumePhase(const boost::json::object& volume, const std::string& phase);
  Status provisionFor(const boost::json::object& claim);
  void recordClaimEvent(const boost::json::object& claim, client::EventType type, std::string reason,
                        std::string message);

  client::ApiInterface& api_;
  client::Lister claims_;
  client::Lister volumes_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::string volumeDirectory_;
  int workers_;
  client::ReconcileLoop loop_;
};

std::unique_ptr<Controller> newPersistentVolumeBinder(ControllerContext& context);

}  // namespace kubelab::controllers
