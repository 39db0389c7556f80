// Schemas of the volume sources of pods and persistent volumes beyond the commonly taught
// ones: cloud disks, network filesystems, CSI, projected and ephemeral volumes. Most are
// deprecated in favour of CSI drivers but still part of the API, so that valid manifests keep
// them. The format is described in openapischema.h. Descriptions are our own.

#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi::sources {

std::vector<std::string_view> volumeSources() {
  return {R"schema(
package io.k8s.api.core.v1
type AWSElasticBlockStoreVolumeSource complete | An AWS EBS disk (deprecated; the CSI driver replaces it).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  partition int32 | The partition of the disk to mount; 0 mounts the whole disk.
  readOnly boolean | Mount the volume read-only.
  volumeID string required | The identifier of the volume in the storage system.
type AzureDiskVolumeSource complete | An Azure data disk (deprecated; the CSI driver replaces it).
  cachingMode string | The host caching mode: None, ReadOnly or ReadWrite.
  diskName string required | The name of the data disk.
  diskURI string required | The URI of the data disk.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  kind string | The kind of disk: Shared, Dedicated or Managed.
  readOnly boolean | Mount the volume read-only.
type AzureFileVolumeSource complete | An Azure file share (deprecated; the CSI driver replaces it).
  readOnly boolean | Mount the volume read-only.
  secretName string required | The Secret holding the account name and key.
  shareName string required | The name of the file share.
type CephFSVolumeSource complete | A CephFS filesystem (deprecated).
  monitors []string required | The addresses of the Ceph monitors.
  path string | The path within the volume or on the server.
  readOnly boolean | Mount the volume read-only.
  secretFile string | The path of the key ring file for the user.
  secretRef LocalObjectReference | The Secret holding credentials for the storage system.
  user string | The user name to authenticate as.
type CinderVolumeSource complete | An OpenStack Cinder volume (deprecated; the CSI driver replaces it).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  readOnly boolean | Mount the volume read-only.
  secretRef LocalObjectReference | The Secret holding credentials for the storage system.
  volumeID string required | The identifier of the volume in the storage system.
type CSIVolumeSource complete | An inline volume provided by a CSI driver, living as long as the pod.
  driver string required | The name of the driver that provides the volume.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  nodePublishSecretRef LocalObjectReference | A Secret passed to the driver when it publishes the volume on a node.
  readOnly boolean | Mount the volume read-only.
  volumeAttributes map[string]string | Driver-specific settings of the volume.
type EphemeralVolumeSource complete | A volume from a claim that is created with the pod and deleted with it.
  volumeClaimTemplate PersistentVolumeClaimTemplate | The claim created for the pod, and deleted with it.
type PersistentVolumeClaimTemplate complete | The claim an ephemeral volume creates.
  metadata ObjectMeta | Labels and annotations copied to the created claim.
  spec PersistentVolumeClaimSpec required | The spec of the created claim.
type FCVolumeSource complete | A Fibre Channel disk.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  lun int32 | The logical unit number of the target.
  readOnly boolean | Mount the volume read-only.
  targetWWNs []string | The Fibre Channel world wide names of the targets.
  wwids []string | The world wide identifiers of the volume; use instead of targetWWNs and lun.
type FlexVolumeSource complete | A volume from a FlexVolume driver (deprecated).
  driver string required | The name of the driver that provides the volume.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  options map[string]string | Extra options for the driver.
  readOnly boolean | Mount the volume read-only.
  secretRef LocalObjectReference | The Secret holding credentials for the storage system.
type FlockerVolumeSource complete | A Flocker dataset (deprecated).
  datasetName string | The Flocker dataset name.
  datasetUUID string | The Flocker dataset UUID.
type GCEPersistentDiskVolumeSource complete | A Google Compute Engine persistent disk (deprecated; the CSI driver replaces it).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  partition int32 | The partition of the disk to mount; 0 mounts the whole disk.
  pdName string required | The name of the persistent disk.
  readOnly boolean | Mount the volume read-only.
type GitRepoVolumeSource complete | A git repository cloned into an empty directory (deprecated; clone in an init container instead).
  directory string | The directory to clone into, relative to the volume.
  repository string required | The URL of the repository.
  revision string | The commit to check out.
type GlusterfsVolumeSource complete | A GlusterFS volume (deprecated).
  endpoints string required | The Endpoints object naming the Gluster servers.
  path string required | The path within the volume or on the server.
  readOnly boolean | Mount the volume read-only.
type ISCSIVolumeSource complete | An iSCSI disk.
  chapAuthDiscovery boolean | Use CHAP authentication for iSCSI discovery.
  chapAuthSession boolean | Use CHAP authentication for iSCSI sessions.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  initiatorName string | A custom iSCSI initiator name.
  iqn string required | The iSCSI qualified name of the target.
  iscsiInterface string | The iSCSI interface to use; defaults to default (tcp).
  lun int32 required | The logical unit number of the target.
  portals []string | Further target portals, as address:port.
  readOnly boolean | Mount the volume read-only.
  secretRef LocalObjectReference | The Secret holding credentials for the storage system.
  targetPortal string required | The target portal, as address:port.
type PhotonPersistentDiskVolumeSource complete | A Photon Controller disk (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  pdID string required | The identifier of the Photon disk.
type PortworxVolumeSource complete | A Portworx volume (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  readOnly boolean | Mount the volume read-only.
  volumeID string required | The identifier of the volume in the storage system.
)schema",
          R"schema(
package io.k8s.api.core.v1
type ProjectedVolumeSource complete | Files from several sources (ConfigMaps, Secrets, the downward API, tokens) in one directory.
  defaultMode int32 | The permission bits of the created files.
  sources []VolumeProjection | The sources whose files are combined.
type VolumeProjection complete | One source of a projected volume; set exactly one field.
  configMap ConfigMapProjection | Files from a ConfigMap.
  downwardAPI DownwardAPIProjection | Files with information about the pod.
  secret SecretProjection | Files from a Secret.
  clusterTrustBundle ClusterTrustBundleProjection | Certificates from ClusterTrustBundle objects, as a PEM file.
  serviceAccountToken ServiceAccountTokenProjection | A token of the pod's service account, refreshed by the kubelet.
type ConfigMapProjection complete | The keys of a ConfigMap, as files of a projected volume.
  items []KeyToPath | Only these keys, at these paths.
  name string | The name of the object.
  optional boolean | When true, a missing object or key is not an error.
type DownwardAPIProjection complete | Information about the pod, as files of a projected volume.
  items []DownwardAPIVolumeFile | Only these keys, at these paths.
type SecretProjection complete | The keys of a Secret, as files of a projected volume.
  items []KeyToPath | Only these keys, at these paths.
  name string | The name of the object.
  optional boolean | When true, a missing object or key is not an error.
type ServiceAccountTokenProjection complete | A service account token, as a file of a projected volume.
  audience string | The audience the token is issued for; defaults to the API server.
  expirationSeconds int64 | How long the token is valid; the kubelet renews it before it expires.
  path string required | The path within the volume or on the server.
type QuobyteVolumeSource complete | A Quobyte volume (deprecated).
  group string | The group to map access to.
  readOnly boolean | Mount the volume read-only.
  registry string required | The Quobyte registry, as host:port.
  tenant string | The Quobyte tenant.
  user string | The user name to authenticate as.
  volume string required | The name of the Quobyte volume.
type RBDVolumeSource complete | A Ceph RADOS block device (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  image string required | The name of the RBD image.
  keyring string | The path of the key ring for the user.
  monitors []string required | The addresses of the Ceph monitors.
  pool string | The RADOS pool.
  readOnly boolean | Mount the volume read-only.
  secretRef LocalObjectReference | The Secret holding credentials for the storage system.
  user string | The user name to authenticate as.
type ScaleIOVolumeSource complete | A ScaleIO volume (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  gateway string required | The address of the ScaleIO gateway.
  protectionDomain string | The ScaleIO protection domain.
  readOnly boolean | Mount the volume read-only.
  secretRef LocalObjectReference required | The Secret holding credentials for the storage system.
  sslEnabled boolean | Use SSL to talk to the gateway.
  storageMode string | ThickProvisioned or ThinProvisioned.
  storagePool string | The ScaleIO storage pool.
  system string required | The ScaleIO storage system.
  volumeName string | The name of the volume in the storage system.
type StorageOSVolumeSource complete | A StorageOS volume (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  readOnly boolean | Mount the volume read-only.
  secretRef LocalObjectReference | The Secret holding credentials for the storage system.
  volumeName string | The name of the volume in the storage system.
  volumeNamespace string | The StorageOS namespace of the volume.
type VsphereVirtualDiskVolumeSource complete | A vSphere disk (deprecated; the CSI driver replaces it).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  storagePolicyID string | The identifier of the storage policy.
  storagePolicyName string | The name of the storage policy.
  volumePath string required | The path of the vSphere disk.
type AzureFilePersistentVolumeSource complete | An Azure file share backing a persistent volume (deprecated).
  readOnly boolean | Mount the volume read-only.
  secretName string required | The Secret holding the account name and key.
  secretNamespace string | The namespace of the Secret; defaults to the pod's.
  shareName string required | The name of the file share.
type CephFSPersistentVolumeSource complete | A CephFS filesystem backing a persistent volume (deprecated).
  monitors []string required | The addresses of the Ceph monitors.
  path string | The path within the volume or on the server.
  readOnly boolean | Mount the volume read-only.
  secretFile string | The path of the key ring file for the user.
  secretRef SecretReference | The Secret holding credentials for the storage system.
  user string | The user name to authenticate as.
type SecretReference complete | Names a Secret in any namespace.
  name string | The name of the object.
  namespace string | The namespace of the object.
type CinderPersistentVolumeSource complete | An OpenStack Cinder volume backing a persistent volume (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  readOnly boolean | Mount the volume read-only.
  secretRef SecretReference | The Secret holding credentials for the storage system.
  volumeID string required | The identifier of the volume in the storage system.
type CSIPersistentVolumeSource complete | A volume managed by a CSI driver, the usual source of dynamically provisioned volumes.
  controllerExpandSecretRef SecretReference | A Secret passed to the driver when it expands the volume.
  controllerPublishSecretRef SecretReference | A Secret passed to the driver when it attaches the volume.
  driver string required | The name of the driver that provides the volume.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  nodePublishSecretRef SecretReference | A Secret passed to the driver when it publishes the volume on a node.
  nodeExpandSecretRef SecretReference | A Secret passed to the driver when it expands the volume on a node.
  nodeStageSecretRef SecretReference | A Secret passed to the driver when it stages the volume on a node.
  readOnly boolean | Mount the volume read-only.
  volumeAttributes map[string]string | Driver-specific settings of the volume.
  volumeHandle string required | The driver's identifier of the volume.
type FlexPersistentVolumeSource complete | A FlexVolume backing a persistent volume (deprecated).
  driver string required | The name of the driver that provides the volume.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  options map[string]string | Extra options for the driver.
  readOnly boolean | Mount the volume read-only.
  secretRef SecretReference | The Secret holding credentials for the storage system.
type GlusterfsPersistentVolumeSource complete | A GlusterFS volume backing a persistent volume (deprecated).
  endpoints string required | The Endpoints object naming the Gluster servers.
  endpointsNamespace string | The namespace of the Endpoints object.
  path string required | The path within the volume or on the server.
  readOnly boolean | Mount the volume read-only.
type ISCSIPersistentVolumeSource complete | An iSCSI disk backing a persistent volume.
  chapAuthDiscovery boolean | Use CHAP authentication for iSCSI discovery.
  chapAuthSession boolean | Use CHAP authentication for iSCSI sessions.
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  initiatorName string | A custom iSCSI initiator name.
  iqn string required | The iSCSI qualified name of the target.
  iscsiInterface string | The iSCSI interface to use; defaults to default (tcp).
  lun int32 required | The logical unit number of the target.
  portals []string | Further target portals, as address:port.
  readOnly boolean | Mount the volume read-only.
  secretRef SecretReference | The Secret holding credentials for the storage system.
  targetPortal string required | The target portal, as address:port.
type RBDPersistentVolumeSource complete | A Ceph RADOS block device backing a persistent volume (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  image string required | The name of the RBD image.
  keyring string | The path of the key ring for the user.
  monitors []string required | The addresses of the Ceph monitors.
  pool string | The RADOS pool.
  readOnly boolean | Mount the volume read-only.
  secretRef SecretReference | The Secret holding credentials for the storage system.
  user string | The user name to authenticate as.
type ScaleIOPersistentVolumeSource complete | A ScaleIO volume backing a persistent volume (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  gateway string required | The address of the ScaleIO gateway.
  protectionDomain string | The ScaleIO protection domain.
  readOnly boolean | Mount the volume read-only.
  secretRef SecretReference required | The Secret holding credentials for the storage system.
  sslEnabled boolean | Use SSL to talk to the gateway.
  storageMode string | ThickProvisioned or ThinProvisioned.
  storagePool string | The ScaleIO storage pool.
  system string required | The ScaleIO storage system.
  volumeName string | The name of the volume in the storage system.
type StorageOSPersistentVolumeSource complete | A StorageOS volume backing a persistent volume (deprecated).
  fsType string | The filesystem type to mount, such as ext4 or xfs.
  readOnly boolean | Mount the volume read-only.
  secretRef ObjectReference | The Secret holding credentials for the storage system.
  volumeName string | The name of the volume in the storage system.
  volumeNamespace string | The StorageOS namespace of the volume.
type ClusterTrustBundleProjection complete | Certificates from ClusterTrustBundles, written to one file.
  name string | One ClusterTrustBundle, by name.
  signerName string | All ClusterTrustBundles of this signer (with labelSelector).
  labelSelector io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector | Narrows the bundles of signerName.
  optional boolean | When true, missing bundles give an empty file instead of an error.
  path string required | The file's path within the volume.
type ImageVolumeSource complete | The contents of an OCI image or artifact, mounted read-only.
  reference string | The image reference, as for a container image.
  pullPolicy string enum=Always,IfNotPresent,Never | When the image is pulled.
)schema"};
}

}  // namespace kubelab::apiserver::openapi::sources
