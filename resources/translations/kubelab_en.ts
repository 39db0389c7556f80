<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ControlPlaneTraffic</name>
    <message>
        <source>%1 req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ops/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Describe</name>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running, started %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminated: %1, exit code %2, at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminating (was %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controlled by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Containers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unschedulable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allocatable</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Pods (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Selector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 desired | %2 updated | %3 total | %4 available | %5 unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 max unavailable, %2 max surge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desired number scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current number scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallelism</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pods statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 active / %2 succeeded / %3 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 desired | %2 current | %3 ready | %4 available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> → target %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, node port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready endpoints</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RolloutText</name>
    <message>
        <source>Strategy Recreate: every old pod is deleted before any new pod is created, so there is no surge/unavailable arithmetic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replicas = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maxSurge = %1 of %2, rounded up = %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maxUnavailable = %1 of %2, rounded down = %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rollout may have up to replicas + maxSurge = %1 + %2 = %3 pods,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and must keep at least replicas − maxUnavailable = %1 − %2 = %3 available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: %1 pods (%2 of the newest ReplicaSet, %3 old ReplicaSet(s) with pods), %4 available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room to surge: %1 more pod(s) may be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the surge limit: a new pod waits until an old one goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room to scale down: %1 old pod(s) may be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the availability floor: no old pod may go until a new one is available.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::ChartsDock</name>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last one to change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last one to change (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (revision %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Deployment yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready replicas of each ReplicaSet of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pods by phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API requests: %1/s now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the API server&apos;s /metrics: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node metrics (metrics.k8s.io) are not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 latency (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 latency (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node CPU (cores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node memory (MiB)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::ClusterConnection</name>
    <message>
        <source>%1 (embedded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the embedded cluster “%1”: %2 of %3 control-plane components ready…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the API server at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::EventsDock</name>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::ExplanationView</name>
    <message>
        <source>Why this node?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a pod, ReplicaSet or Deployment to see why it is the way it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far a rolling update may go at once:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maxSurge and maxUnavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the Deployment controller did (newest first):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReplicaSets are not scheduled; their pods are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scheduling decision recorded for this pod (it may be older than its Events, or the cluster&apos;s scheduler does not record them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No node fits (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scheduler chose %1 at %2: %3 of %4 nodes passed the filters, and %1 had the highest weighted score (each plugin scores 0–100, times its weight).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n other node(s) had the same total; the scheduler picks one of the best at random.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Why does this pod exist?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why does this ReplicaSet have its pods?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Events of its owners mention it (Events expire after an hour, and a pod without an owner was created by hand).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What its owners&apos; controllers did (newest first):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::InspectorDock</name>
    <message>
        <source>Click a pod, node or Service in the cluster view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This object no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No summary for this kind; see its YAML.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owners: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YAML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::InstructorDock</name>
    <message>
        <source>store (etcd)</source>
        <translation></translation>
    </message>
    <message>
        <source>API server</source>
        <translation></translation>
    </message>
    <message>
        <source>scheduler</source>
        <translation></translation>
    </message>
    <message>
        <source>controller manager</source>
        <translation></translation>
    </message>
    <message>
        <source>cloud controller</source>
        <translation></translation>
    </message>
    <message>
        <source>absent</source>
        <translation></translation>
    </message>
    <message>
        <source>partitioned</source>
        <translation></translation>
    </message>
    <message>
        <source>running</source>
        <translation></translation>
    </message>
    <message>
        <source>starting</source>
        <translation></translation>
    </message>
    <message>
        <source>restarting</source>
        <translation></translation>
    </message>
    <message>
        <source>failed</source>
        <translation></translation>
    </message>
    <message>
        <source>stopped by instructor</source>
        <translation></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation></translation>
    </message>
    <message>
        <source>Stopping the %1…</source>
        <translation></translation>
    </message>
    <message>
        <source>Starting the %1…</source>
        <translation></translation>
    </message>
    <message>
        <source>Killing the %1…</source>
        <translation></translation>
    </message>
    <message>
        <source>Restarting the store…</source>
        <translation></translation>
    </message>
    <message>
        <source>Adding a node (it joins once Ready)…</source>
        <translation></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation></translation>
    </message>
    <message>
        <source>Stopping the embedded cluster (its data is kept)…</source>
        <translation></translation>
    </message>
    <message>
        <source>Shutting down %1 (its kubelet stops its pods first)…</source>
        <translation></translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation></translation>
    </message>
    <message>
        <source>Cutting the power of %1…</source>
        <translation></translation>
    </message>
    <message>
        <source>Cutting %1 off from the API server…</source>
        <translation></translation>
    </message>
    <message>
        <source>Healing the partition of %1…</source>
        <translation></translation>
    </message>
    <message>
        <source>Draining and removing %1…</source>
        <translation></translation>
    </message>
    <message>
        <source>working…</source>
        <translation></translation>
    </message>
    <message>
        <source>No step taken yet.</source>
        <translation></translation>
    </message>
    <message>
        <source>Stepping: the granted step waits for a sync to take it.</source>
        <translation></translation>
    </message>
    <message>
        <source>Stepping: press Step to let one sync run.</source>
        <translation></translation>
    </message>
    <message>
        <source>Paused: no controller or scheduler sync runs.</source>
        <translation></translation>
    </message>
    <message>
        <source>Slow motion: each sync waits first.</source>
        <translation></translation>
    </message>
    <message>
        <source>Running at full speed.</source>
        <translation></translation>
    </message>
    <message>
        <source>Instructor</source>
        <translation></translation>
    </message>
    <message>
        <source>Faults and pace control act on the embedded cluster; what each one causes shows in the view.</source>
        <translation></translation>
    </message>
    <message>
        <source>Faults and pace control need the embedded cluster: this cluster is not supervised by KubeLab.</source>
        <translation></translation>
    </message>
    <message>
        <source>Pace of the controllers and the scheduler</source>
        <translation></translation>
    </message>
    <message>
        <source>Run</source>
        <translation></translation>
    </message>
    <message>
        <source>Every sync runs at once</source>
        <translation></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation></translation>
    </message>
    <message>
        <source>No sync runs until you press Run, Slow or Step</source>
        <translation></translation>
    </message>
    <message>
        <source>Slow</source>
        <translation></translation>
    </message>
    <message>
        <source>Each sync waits as long as the slider says</source>
        <translation></translation>
    </message>
    <message>
        <source>Step</source>
        <translation></translation>
    </message>
    <message>
        <source>Let exactly one sync run</source>
        <translation></translation>
    </message>
    <message>
        <source>Slow motion: how long each sync waits</source>
        <translation></translation>
    </message>
    <message>
        <source>Pace only these queues (none checked: all of them), so node heartbeats do not take steps:</source>
        <translation></translation>
    </message>
    <message>
        <source>Control plane</source>
        <translation></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation></translation>
    </message>
    <message>
        <source>SIGTERM; it stays down until Start</source>
        <translation></translation>
    </message>
    <message>
        <source>Start</source>
        <translation></translation>
    </message>
    <message>
        <source>Kill</source>
        <translation></translation>
    </message>
    <message>
        <source>SIGKILL: a crash; the supervisor restarts it with back-off</source>
        <translation></translation>
    </message>
    <message>
        <source>Restart the store</source>
        <translation></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation></translation>
    </message>
    <message>
        <source>A shutdown: the kubelet stops its pods first</source>
        <translation></translation>
    </message>
    <message>
        <source>A power cut: the node goes NotReady and its pods are moved</source>
        <translation></translation>
    </message>
    <message>
        <source>Cut</source>
        <translation></translation>
    </message>
    <message>
        <source>Partition: cut the kubelet off from the API server; its pods keep running</source>
        <translation></translation>
    </message>
    <message>
        <source>Heal</source>
        <translation></translation>
    </message>
    <message>
        <source>End the partition</source>
        <translation></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation></translation>
    </message>
    <message>
        <source>Drain the node and remove it</source>
        <translation></translation>
    </message>
    <message>
        <source>Add a node</source>
        <translation></translation>
    </message>
</context>
<context>
    <name>kubelab::app::LogsView</name>
    <message>
        <source>Container:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log of the container&apos;s last terminated run (kubectl logs --previous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs are shown for pods.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs need a connection to the API server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not fetch the log: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log&apos;s last lines (up to %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what the container writes as it writes it (kubectl logs -f)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch the log&apos;s last lines again and keep following</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Following the log as the container writes it (the last %1 lines are kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not following: the log as it was when following stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log ended: the container stopped, or the pod is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log stream broke off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not follow the log: %1. Trying again…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::MainWindow</name>
    <message>
        <source>Could not reach the cluster: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About KubeLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KubeLab runs a real Kubernetes-style cluster on this machine and shows what its control plane does as it reconciles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KubeLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KubeLab — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit the cluster in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About KubeLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1; reading the cluster…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cluster has no nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s)</source>
        <translation>
            <numerusform>%n pod</numerusform>
            <numerusform>%n pods</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unscheduled</source>
        <translation>
            <numerusform>%n unscheduled</numerusform>
            <numerusform>%n unscheduled</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Stop the embedded cluster</source>
        <translation></translation>
    </message>
    <message>
        <source>Stops every process of the embedded cluster and keeps its data for the next start</source>
        <translation></translation>
    </message>
    <message>
        <source>When &amp;quitting</source>
        <translation></translation>
    </message>
    <message>
        <source>Ask what to do with the embedded cluster</source>
        <translation></translation>
    </message>
    <message>
        <source>Keep the embedded cluster running in the background</source>
        <translation></translation>
    </message>
    <message>
        <source>Stop the embedded cluster</source>
        <translation></translation>
    </message>
    <message>
        <source>Quit KubeLab</source>
        <translation></translation>
    </message>
    <message>
        <source>The embedded cluster can keep running in the background, so the next start is quick, or stop now (its data is kept either way).</source>
        <translation></translation>
    </message>
    <message>
        <source>Keep it running</source>
        <translation></translation>
    </message>
    <message>
        <source>Stop the cluster</source>
        <translation></translation>
    </message>
    <message>
        <source>Remember my choice (File › When quitting)</source>
        <translation></translation>
    </message>
    <message>
        <source>Another cluster is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another KubeLab cluster is running on this machine (%1). Every cluster uses the same pod, Service and LoadBalancer addresses, so pods that listen on the same port in both clash: they restart, or never become ready. Stop the other one with: kubelabctl down --state-dir %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::app::PaceControl</name>
    <message>
        <source>Step %1: the scheduler scheduled %2</source>
        <translation></translation>
    </message>
    <message>
        <source>Step %1: %2 controller synced %3</source>
        <translation></translation>
    </message>
    <message>
        <source>Pace control failed: %1</source>
        <translation></translation>
    </message>
    <message>
        <source>The controllers and the scheduler run at full speed</source>
        <translation></translation>
    </message>
    <message>
        <source>Paused the controllers and the scheduler</source>
        <translation></translation>
    </message>
    <message>
        <source>Slow motion: each sync waits %1 ms</source>
        <translation></translation>
    </message>
    <message>
        <source>Granted step %1</source>
        <translation></translation>
    </message>
    <message>
        <source>Pacing every queue</source>
        <translation></translation>
    </message>
    <message>
        <source>Pacing only: %1</source>
        <translation></translation>
    </message>
</context>
<context>
    <name>kubelab::app::TimeTravelDock</name>
    <message>
        <source>Not recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live · recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying %1 (%2 s ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time travel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay the recording from the moment shown (or from a minute ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the cluster as it is now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to see the cluster as it was at any moment of the last hour</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::ClusterScene</name>
    <message>
        <source>pods without an owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployment %1, revision %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests by client:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kubelets and proxies: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::ComponentItem</name>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restarting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not observed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store (etcd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheduler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>controller manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cloud controller</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>(%n restart(s))</source>
        <translation>
            <numerusform>(%n restart)</numerusform>
            <numerusform>(%n restarts)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::EventListModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::LegendItem</name>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↻ restarts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::NodeItem</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NotReady</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pool %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU %1 · memory %2 · max pods %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cordoned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>taints: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no pods</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::PendingLaneItem</name>
    <message>
        <source>Pending — not yet scheduled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::SchedulingDecisionModel</name>
    <message>
        <source>%1 ★ chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (×%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kubelab::visualizer::ServiceItem</name>
    <message>
        <source>Service %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ready endpoint(s)</source>
        <translation>
            <numerusform>%n ready endpoint</numerusform>
            <numerusform>%n ready endpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not ready</source>
        <translation>
            <numerusform>%n not ready</numerusform>
            <numerusform>%n not ready</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>KubeLab: a Kubernetes cluster to learn from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this kubeconfig context instead of the embedded cluster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kubeconfig file for --context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded cluster&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded cluster&apos;s state directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes of a new embedded cluster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pod runtime of a new embedded cluster: simulated or process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The UI language: en or ko (remembered).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the window as PNG once the cluster is shown, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Milliseconds to wait after the cluster is shown before --screenshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this panel first (charts, events, inspector, timeTravel; charts:2 for its third tab).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
