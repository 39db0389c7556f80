// apps/v1 Deployment and ReplicaSet and batch/v1 Job and CronJob, in the compact form of
// protobufschema.h: what `kubectl create deployment|job|cronjob` sends.

#include <array>

#include "apiserver/protobufschema.h"

namespace kubelab::apiserver::protobuf {

std::span<const MessageDefinition> workloadMessageDefinitions() {
  static constexpr auto kMessages = std::to_array<MessageDefinition>({
      {"Deployment", "1 metadata ObjectMeta?, 2 spec DeploymentSpec?, 3 status DeploymentStatus?"},
      // selector is a pointer without omitempty; template and strategy are structs.
      {"DeploymentSpec",
       "1 replicas *int32, 2 selector *LabelSelector!, 3 template PodTemplateSpec, 4 strategy DeploymentStrategy?,"
       "5 minReadySeconds int32?, 6 revisionHistoryLimit *int32, 7 paused bool?, 9 progressDeadlineSeconds *int32,"
       "10 podReplacementPolicy *string"},
      {"DeploymentStrategy", "1 type string?, 2 rollingUpdate *RollingUpdateDeployment"},
      {"RollingUpdateDeployment", "1 maxUnavailable *intorstring, 2 maxSurge *intorstring"},
      {"DeploymentStatus",
       "1 observedGeneration int64?, 2 replicas int32?, 3 updatedReplicas int32?, 7 readyReplicas int32?,"
       "4 availableReplicas int32?, 5 unavailableReplicas int32?, 9 terminatingReplicas *int32,"
       "6 conditions []DeploymentCondition?, 8 collisionCount *int32"},
      {"DeploymentCondition",
       "1 type string, 2 status string, 6 lastUpdateTime time?, 7 lastTransitionTime time?, 4 reason string?,"
       "5 message string?"},

      // Not from kubectl: the deployment controller's.
      {"ReplicaSet", "1 metadata ObjectMeta?, 2 spec ReplicaSetSpec?, 3 status ReplicaSetStatus?"},
      {"ReplicaSetSpec",
       "1 replicas *int32, 4 minReadySeconds int32?, 2 selector *LabelSelector!, 3 template PodTemplateSpec?"},
      {"ReplicaSetStatus",
       "1 replicas int32, 2 fullyLabeledReplicas int32?, 4 readyReplicas int32?, 5 availableReplicas int32?,"
       "7 terminatingReplicas *int32, 3 observedGeneration int64?, 6 conditions []ReplicaSetCondition?"},
      {"ReplicaSetCondition",
       "1 type string, 2 status string, 3 lastTransitionTime time?, 4 reason string?, 5 message string?"},

      {"Job", "1 metadata ObjectMeta?, 2 spec JobSpec?, 3 status JobStatus?"},
      {"JobSpec",
       "1 parallelism *int32, 2 completions *int32, 3 activeDeadlineSeconds *int64,"
       "11 podFailurePolicy *PodFailurePolicy, 16 successPolicy *SuccessPolicy, 7 backoffLimit *int32,"
       "12 backoffLimitPerIndex *int32, 13 maxFailedIndexes *int32, 4 selector *LabelSelector,"
       "5 manualSelector *bool, 6 template PodTemplateSpec, 8 ttlSecondsAfterFinished *int32,"
       "9 completionMode *string, 10 suspend *bool, 14 podReplacementPolicy *string, 15 managedBy *string"},
      {"PodFailurePolicy", "1 rules []PodFailurePolicyRule"},
      {"PodFailurePolicyRule",
       "1 action string, 2 onExitCodes *PodFailurePolicyOnExitCodesRequirement,"
       "3 onPodConditions []PodFailurePolicyOnPodConditionsPattern?"},
      {"PodFailurePolicyOnExitCodesRequirement", "1 containerName *string, 2 operator string, 3 values []int32"},
      // status lost its omitempty after 1.32; kubectl v1.32 renders it even when empty.
      {"PodFailurePolicyOnPodConditionsPattern", "1 type string, 2 status string"},
      {"SuccessPolicy", "1 rules []SuccessPolicyRule"},
      {"SuccessPolicyRule", "1 succeededIndexes *string, 2 succeededCount *int32"},
      {"JobStatus",
       "1 conditions []JobCondition?, 2 startTime *time, 3 completionTime *time, 4 active int32?,"
       "5 succeeded int32?, 6 failed int32?, 11 terminating *int32, 7 completedIndexes string?,"
       "10 failedIndexes *string, 8 uncountedTerminatedPods *UncountedTerminatedPods, 9 ready *int32"},
      {"JobCondition",
       "1 type string, 2 status string, 3 lastProbeTime time?, 4 lastTransitionTime time?, 5 reason string?,"
       "6 message string?"},
      {"UncountedTerminatedPods", "1 succeeded []string?, 2 failed []string?"},

      {"CronJob", "1 metadata ObjectMeta?, 2 spec CronJobSpec?, 3 status CronJobStatus?"},
      {"CronJobSpec",
       "1 schedule string, 8 timeZone *string, 2 startingDeadlineSeconds *int64, 3 concurrencyPolicy string?,"
       "4 suspend *bool, 5 jobTemplate JobTemplateSpec, 6 successfulJobsHistoryLimit *int32,"
       "7 failedJobsHistoryLimit *int32"},
      {"JobTemplateSpec", "1 metadata ObjectMeta?, 2 spec JobSpec?"},
      {"CronJobStatus", "1 active []ObjectReference?, 4 lastScheduleTime *time, 5 lastSuccessfulTime *time"},
  });
  return kMessages;
}

}  // namespace kubelab::apiserver::protobuf
