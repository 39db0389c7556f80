// Schemas of the workload controllers: apps/v1 Deployments, ReplicaSets, StatefulSets,
// DaemonSets and ControllerRevisions, and batch/v1 Jobs and CronJobs. The format is described
// in openapischema.h. Descriptions are our own.

#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi::sources {

std::vector<std::string_view> workloads() {
  return {R"schema(
package io.k8s.api.apps.v1
kind Deployment apps/v1 complete | Declares how a stateless application should run: a pod template and a number of replicas. The Deployment controller creates a ReplicaSet for each version of the template and moves pods from the old to the new one in a rolling update, which can be paused and rolled back.
  spec DeploymentSpec | The desired state: template, replicas and update strategy.
  status DeploymentStatus | How far the rollout has come. Read-only.
type DeploymentSpec complete | The desired state of a Deployment.
  replicas int32 | How many pods should run. Defaults to 1.
  selector LabelSelector required | Which pods belong to the Deployment; it must match the template's labels and cannot change in apps/v1.
  template PodTemplateSpec required | The pods to run. Changing it starts a new rollout.
  strategy DeploymentStrategy | How old pods are replaced by new ones.
  minReadySeconds int32 | How long a new pod must be ready, without crashing, to count as available. Defaults to 0.
  revisionHistoryLimit int32 | How many old ReplicaSets to keep for rolling back. Defaults to 10.
  paused boolean | While true, changes to the template do not start a rollout.
  progressDeadlineSeconds int32 | Seconds a rollout may go without progress before it is reported as failed. Defaults to 600.
type DeploymentStrategy complete | How a Deployment replaces its pods.
  type string enum=Recreate,RollingUpdate | RollingUpdate (the default) replaces pods gradually; Recreate stops all old pods before starting new ones.
  rollingUpdate RollingUpdateDeployment | Limits of a rolling update.
type RollingUpdateDeployment complete | How fast a rolling update goes.
  maxSurge IntOrString | How many pods, or what percentage of replicas, may exist above the desired number during the update. Defaults to 25%.
  maxUnavailable IntOrString | How many pods, or what percentage of replicas, may be unavailable during the update. Defaults to 25%.
type DeploymentStatus complete | The observed state of a Deployment.
  observedGeneration int64 | The generation of the spec the controller last acted on.
  replicas int32 | How many pods this Deployment has, old and new.
  updatedReplicas int32 | How many pods run the current template.
  readyReplicas int32 | How many pods are ready.
  availableReplicas int32 | How many pods have been ready for at least minReadySeconds.
  unavailableReplicas int32 | How many more pods must become available to reach the desired number.
  conditions []DeploymentCondition merge=type | Conditions such as Available and Progressing.
  collisionCount int32 | Used by the controller to give ReplicaSets unique names.
type DeploymentCondition complete | One condition of a Deployment.
  type string required | Available, Progressing or ReplicaFailure.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason, such as NewReplicaSetAvailable.
  message string | A human-readable explanation.
  lastUpdateTime Time | When the condition was last updated.
  lastTransitionTime Time | When the status last changed.
kind ReplicaSet apps/v1 complete | Keeps a given number of identical pods running, creating or deleting pods to match. Normally owned and managed by a Deployment.
  spec ReplicaSetSpec | How many pods, which pods, and the template for new ones.
  status ReplicaSetStatus | How many pods exist and are ready. Read-only.
type ReplicaSetSpec complete | The desired state of a ReplicaSet.
  replicas int32 | How many pods should run. Defaults to 1.
  minReadySeconds int32 | How long a new pod must be ready, without crashing, to count as available.
  selector LabelSelector required | Which pods count as replicas; it must match the template's labels.
  template PodTemplateSpec | The pod created whenever too few replicas exist.
type ReplicaSetStatus complete | The observed state of a ReplicaSet.
  replicas int32 required | How many pods exist.
  fullyLabeledReplicas int32 | How many pods carry all of the template's labels.
  readyReplicas int32 | How many pods are ready.
  availableReplicas int32 | How many pods have been ready for minReadySeconds.
  observedGeneration int64 | The generation of the spec last acted on.
  conditions []ReplicaSetCondition merge=type | Conditions such as ReplicaFailure.
type ReplicaSetCondition complete | One condition of a ReplicaSet.
  type string required | Which condition.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason.
  message string | A human-readable explanation.
  lastTransitionTime Time | When the status last changed.
kind StatefulSet apps/v1 complete | Runs pods that need a stable identity: each gets an ordinal name (web-0, web-1, ...), its own persistent storage, and is created, updated and removed in order.
  spec StatefulSetSpec | The desired state: template, replicas, storage and ordering.
  status StatefulSetStatus | How many pods exist, are ready and are updated. Read-only.
type StatefulSetSpec complete | The desired state of a StatefulSet.
  replicas int32 | How many pods should run. Defaults to 1.
  selector LabelSelector required | Which pods belong to the set; it must match the template's labels.
  template PodTemplateSpec required | The pods to run; each pod's name is the set's name and its ordinal.
  serviceName string | The headless Service that gives each pod a stable DNS name, pod-N.serviceName.
  volumeClaimTemplates []PersistentVolumeClaim | Claims created for each pod, named after the template and the pod, and kept when the pod is rescheduled.
  podManagementPolicy string enum=OrderedReady,Parallel | OrderedReady (the default) creates pods one by one, each waiting for the previous to be ready; Parallel does not wait.
  updateStrategy StatefulSetUpdateStrategy | How pods are replaced when the template changes.
  revisionHistoryLimit int32 | How many old revisions to keep. Defaults to 10.
  minReadySeconds int32 | How long a new pod must be ready to count as available.
  persistentVolumeClaimRetentionPolicy StatefulSetPersistentVolumeClaimRetentionPolicy | Whether the claims are deleted when the set is deleted or scaled down.
  ordinals StatefulSetOrdinals | The number the pods' ordinals start at.
type StatefulSetUpdateStrategy complete | How a StatefulSet updates its pods.
  type string enum=OnDelete,RollingUpdate | RollingUpdate (the default) replaces pods from the highest ordinal down; OnDelete waits for you to delete them.
  rollingUpdate RollingUpdateStatefulSetStrategy | Settings of a rolling update.
type RollingUpdateStatefulSetStrategy complete | Settings of a StatefulSet rolling update.
  partition int32 | Only pods with an ordinal of at least this are updated, for staged rollouts.
  maxUnavailable IntOrString | How many pods may be unavailable during the update. Defaults to 1.
type StatefulSetPersistentVolumeClaimRetentionPolicy complete | What happens to a StatefulSet's claims.
  whenDeleted string | Retain (the default) or Delete, when the set is deleted.
  whenScaled string | Retain (the default) or Delete, when the set is scaled down.
type StatefulSetOrdinals complete | Numbering of a StatefulSet's pods.
  start int32 | The first ordinal. Defaults to 0.
type StatefulSetStatus complete | The observed state of a StatefulSet.
  observedGeneration int64 | The generation of the spec last acted on.
  replicas int32 required | How many pods exist.
  readyReplicas int32 | How many pods are ready.
  availableReplicas int32 | How many pods have been ready for minReadySeconds.
  currentReplicas int32 | How many pods run the currentRevision.
  updatedReplicas int32 | How many pods run the updateRevision.
  currentRevision string | The revision that pods up to the partition run.
  updateRevision string | The revision of the current template.
  collisionCount int32 | Used by the controller to name revisions uniquely.
  conditions []StatefulSetCondition merge=type | Conditions of the set.
type StatefulSetCondition complete | One condition of a StatefulSet.
  type string required | Which condition.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason.
  message string | A human-readable explanation.
  lastTransitionTime Time | When the status last changed.
kind DaemonSet apps/v1 complete | Runs one copy of a pod on every node (or every node that matches), such as a log collector or a network agent. New nodes get the pod automatically.
  spec DaemonSetSpec | The pod to run and how to update it.
  status DaemonSetStatus | How many nodes run the pod. Read-only.
type DaemonSetSpec complete | The desired state of a DaemonSet.
  selector LabelSelector required | Which pods belong to the set; it must match the template's labels.
  template PodTemplateSpec required | The pod to run on each node. Its restartPolicy must be Always.
  updateStrategy DaemonSetUpdateStrategy | How pods are replaced when the template changes.
  minReadySeconds int32 | How long a new pod must be ready to count as available.
  revisionHistoryLimit int32 | How many old revisions to keep. Defaults to 10.
type DaemonSetUpdateStrategy complete | How a DaemonSet updates its pods.
  type string enum=OnDelete,RollingUpdate | RollingUpdate (the default) replaces pods node by node; OnDelete waits for you to delete them.
  rollingUpdate RollingUpdateDaemonSet | Settings of a rolling update.
type RollingUpdateDaemonSet complete | Settings of a DaemonSet rolling update.
  maxUnavailable IntOrString | How many nodes may be without a ready pod during the update. Defaults to 1.
  maxSurge IntOrString | How many nodes may run an old and a new pod at the same time. Defaults to 0.
type DaemonSetStatus complete | The observed state of a DaemonSet.
  desiredNumberScheduled int32 required | How many nodes should run the pod.
  currentNumberScheduled int32 required | How many nodes run at least one pod of the set.
  numberMisscheduled int32 required | How many nodes run the pod but should not.
  numberReady int32 required | How many nodes have the pod ready.
  numberAvailable int32 | How many nodes have the pod available.
  numberUnavailable int32 | How many nodes should run the pod but have none available.
  updatedNumberScheduled int32 | How many nodes run the current template.
  observedGeneration int64 | The generation of the spec last acted on.
  collisionCount int32 | Used by the controller to name revisions uniquely.
  conditions []DaemonSetCondition merge=type | Conditions of the set.
type DaemonSetCondition complete | One condition of a DaemonSet.
  type string required | Which condition.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason.
  message string | A human-readable explanation.
  lastTransitionTime Time | When the status last changed.
kind ControllerRevision apps/v1 complete | An immutable snapshot of a StatefulSet's or DaemonSet's template, kept so that the controller can roll back to it.
  data RawExtension | The saved state.
  revision int64 required | The revision number; higher is newer.
)schema",
          R"schema(
package io.k8s.api.batch.v1
kind Job batch/v1 complete | Runs pods until a number of them finish successfully, retrying failures, for work that ends: a batch computation, a migration, a backup.
  spec JobSpec | What to run and how many successful completions are needed.
  status JobStatus | How many pods are active, succeeded and failed. Read-only.
type JobSpec complete | The desired state of a Job.
  template PodTemplateSpec required | The pods to run. Their restartPolicy must be Never or OnFailure.
  completions int32 | How many pods must finish successfully. Defaults to 1.
  parallelism int32 | How many pods may run at the same time. Defaults to 1.
  backoffLimit int32 | How many failed retries to allow before the Job fails. Defaults to 6.
  activeDeadlineSeconds int64 | How long the Job may run in total before it is stopped and marked failed.
  ttlSecondsAfterFinished int32 | Delete the finished Job, and its pods, this many seconds after it ends.
  completionMode string enum=Indexed,NonIndexed | NonIndexed (the default): any successes count. Indexed: each pod gets an index from 0 to completions-1, and each index must succeed once.
  suspend boolean | While true, no pods are started, and running ones are stopped.
  selector LabelSelector | Which pods belong to the Job. Generated by the server unless manualSelector is set.
  manualSelector boolean | Use the given selector instead of a generated one. Rarely needed.
  podFailurePolicy PodFailurePolicy | Rules that decide, from a failed pod's exit codes or conditions, whether to fail the Job, ignore the failure or count it.
  successPolicy SuccessPolicy | When an Indexed Job counts as succeeded before every index has finished.
  backoffLimitPerIndex int32 | For Indexed Jobs: retries allowed for each index separately.
  maxFailedIndexes int32 | For Indexed Jobs with backoffLimitPerIndex: how many indexes may fail before the whole Job fails.
  podReplacementPolicy string enum=Failed,TerminatingOrFailed | When a replacement pod is created: once the old one is fully Failed, or already while it terminates.
  managedBy string | The controller that manages the Job; empty or kubernetes.io/job-controller for the built-in one.
type JobStatus complete | The observed state of a Job.
  active int32 | How many pods are running or pending.
  ready int32 | How many of the active pods are ready.
  succeeded int32 | How many pods finished successfully.
  failed int32 | How many pods failed.
  startTime Time | When the Job started.
  completionTime Time | When the Job finished successfully.
  completedIndexes string | For Indexed Jobs: the indexes that have succeeded, such as 1,3-5.
  conditions []JobCondition | Conditions such as Complete, Failed and Suspended.
  uncountedTerminatedPods UncountedTerminatedPods | Finished pods the controller has not yet counted in succeeded or failed.
  failedIndexes string | For Indexed Jobs with backoffLimitPerIndex: the indexes that failed, as ranges such as 1,3-5.
  terminating int32 | How many of the Job's pods are terminating.
type JobCondition complete | One condition of a Job.
  type string required | Complete, Failed, Suspended, FailureTarget or SuccessCriteriaMet.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason, such as BackoffLimitExceeded.
  message string | A human-readable explanation.
  lastProbeTime Time | When the condition was last checked.
  lastTransitionTime Time | When the status last changed.
kind CronJob batch/v1 complete | Creates Jobs on a repeating schedule, written in cron syntax, like a crontab line.
  spec CronJobSpec | The schedule and the Job to create.
  status CronJobStatus | The Jobs running now and when the last ones were scheduled. Read-only.
type CronJobSpec complete | The desired state of a CronJob.
  schedule string required | When to run, in cron format: minute hour day-of-month month day-of-week, such as */5 * * * *.
  timeZone string | The time zone the schedule is read in, such as Asia/Seoul. Defaults to the controller's.
  jobTemplate JobTemplateSpec required | The Job created at each scheduled time.
  concurrencyPolicy string enum=Allow,Forbid,Replace | What to do when a run is due while the previous one still runs: Allow (the default) runs both, Forbid skips the new run, Replace stops the old one.
  suspend boolean | While true, no new runs are started.
  startingDeadlineSeconds int64 | How late a missed run may still be started; later ones are skipped.
  successfulJobsHistoryLimit int32 | How many finished successful Jobs to keep. Defaults to 3.
  failedJobsHistoryLimit int32 | How many failed Jobs to keep. Defaults to 1.
type JobTemplateSpec complete | The Job a CronJob creates.
  metadata ObjectMeta | Labels and annotations given to each Job created.
  spec JobSpec | The spec of each Job created.
type CronJobStatus complete | The observed state of a CronJob.
  active []ObjectReference | The Jobs running now.
  lastScheduleTime Time | When a Job was last scheduled.
  lastSuccessfulTime Time | When a Job last finished successfully.
)schema"};
}

}  // namespace kubelab::apiserver::openapi::sources
