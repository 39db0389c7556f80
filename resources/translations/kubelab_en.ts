<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>kubelab::app::ClusterConnection</name>
        <message>
            <source>%1 (embedded)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Starting the embedded cluster “%1”: %2 of %3 control-plane components ready…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Waiting for the API server at %1: %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::app::EventsDock</name>
        <message>
            <source>Events</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::app::InspectorDock</name>
        <message>
            <source>Click a pod, node or Service in the cluster view.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This object no longer exists.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Inspector</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::app::MainWindow</name>
        <message>
            <source>Could not reach the cluster: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About KubeLab</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>KubeLab runs a real Kubernetes-style cluster on this machine and shows what its control plane does as it reconciles.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>KubeLab</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>KubeLab — %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Fit the cluster in the window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Zoom &amp;in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Zoom &amp;out</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Panels</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>System language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;About KubeLab</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connecting to %1…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected to %1; reading the cluster…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Watching %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This cluster has no nodes.</source>
            <translation type="unfinished" />
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
    </context>
    <context>
        <name>kubelab::visualizer::ClusterScene</name>
        <message>
            <source>pods without an owner</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Deployment %1, revision %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::ComponentItem</name>
        <message>
            <source>running</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>starting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>restarting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>failed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stopped</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>answering</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not observed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>store (etcd)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>API server</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>scheduler</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>controller manager</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cloud controller</source>
            <translation type="unfinished" />
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
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Object</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Message</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::LegendItem</name>
        <message>
            <source>ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>↻ restarts</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::NodeItem</name>
        <message>
            <source>Ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>NotReady</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pool %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CPU %1 · memory %2 · max pods %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cordoned</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>taints: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no pods</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::PendingLaneItem</name>
        <message>
            <source>Pending — not yet scheduled</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::ServiceItem</name>
        <message>
            <source>Service %1</source>
            <translation type="unfinished" />
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
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open this kubeconfig context instead of the embedded cluster.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The kubeconfig file for --context.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The embedded cluster's name.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The embedded cluster's state directory.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nodes of a new embedded cluster.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pod runtime of a new embedded cluster: simulated or process.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The UI language: en or ko (remembered).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the window as PNG once the cluster is shown, then quit.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Milliseconds to wait after the cluster is shown before --screenshot.</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
