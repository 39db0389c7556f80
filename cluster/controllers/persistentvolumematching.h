#pragma once
// The pure part of the PersistentVolume binder (Kubernetes' pkg/controller/volume/persistentvolume
// index.go and the in-tree host path provisioner): whether a volume can serve a claim, the best
// available volume for a claim, and the local volume made for a claim nobody else can serve.

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "client/indexer.h"

namespace kubelab::controllers::persistentvolume {

using Object = boost::json::object;

inline constexpr const char* kBindCompletedAnnotation = "pv.kubernetes.io/bind-completed";
inline constexpr const char* kBoundByControllerAnnotation = "pv.kubernetes.io/bound-by-controller";
inline constexpr const char* kProvisionedByAnnotation = "pv.kubernetes.io/provisioned-by";
// The provisioner name recorded on volumes this controller creates (the in-tree host path
// provisioner's plugin name).
inline constexpr const char* kLocalProvisioner = "kubernetes.io/host-path";
// Where provisioned volumes live unless KUBELAB_LOCAL_VOLUME_DIRECTORY says otherwise; the kubelet
// creates the directory when a pod first mounts the volume (hostPath type DirectoryOrCreate).
inline constexpr const char* kDefaultVolumeDirectory = "/tmp/kubelab/volumes";

// The claim's storageClassName ("" when unset).
std::string claimStorageClass(const Object& claim);
// Whether `volume` could serve `claim`: same class, volume mode, every requested access mode,
// enough capacity, the claim's selector matching the volume's labels. Binding state is not checked.
bool volumeFits(const Object& volume, const Object& claim);
// Whether the volume is free for the claim: no claimRef, or pre-bound to this claim by name.
bool volumeAvailableFor(const Object& volume, const Object& claim);
// findBestMatchForClaim: a volume pre-bound to the claim first, else the smallest that fits.
client::ObjectPointer bestVolumeFor(const Object& claim, const std::vector<client::ObjectPointer>& volumes);
// The claimRef a bound volume carries.
Object claimReference(const Object& claim);
// A new local volume for `claim`: "pvc-<claim uid>", its request as capacity, its access modes
// and class, reclaim policy Delete, a host path under `directory`, already pointing at the claim.
Object provisionedVolume(const Object& claim, const std::string& directory);
// KUBELAB_LOCAL_VOLUME_DIRECTORY or kDefaultVolumeDirectory.
std::string volumeDirectory();

}  // namespace kubelab::controllers::persistentvolume
