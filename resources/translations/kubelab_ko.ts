<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
    <context>
        <name>kubelab::app::ClusterConnection</name>
        <message>
            <source>%1 (embedded)</source>
            <translation>%1 (내장)</translation>
        </message>
        <message>
            <source>Starting the embedded cluster “%1”: %2 of %3 control-plane components ready…</source>
            <translation>내장 클러스터 “%1” 시작 중: 컨트롤 플레인 구성 요소 %3개 중 %2개 준비됨…</translation>
        </message>
        <message>
            <source>Waiting for the API server at %1: %2</source>
            <translation>%1의 API 서버를 기다리는 중: %2</translation>
        </message>
    </context>
    <context>
        <name>kubelab::app::EventsDock</name>
        <message>
            <source>Events</source>
            <translation>이벤트</translation>
        </message>
    </context>
    <context>
        <name>kubelab::app::InspectorDock</name>
        <message>
            <source>Click a pod, node or Service in the cluster view.</source>
            <translation>클러스터 뷰에서 파드, 노드 또는 서비스를 클릭하세요.</translation>
        </message>
        <message>
            <source>This object no longer exists.</source>
            <translation>이 오브젝트는 더 이상 존재하지 않습니다.</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>검사기</translation>
        </message>
    </context>
    <context>
        <name>kubelab::app::MainWindow</name>
        <message>
            <source>Could not reach the cluster: %1</source>
            <translation>클러스터에 연결할 수 없습니다: %1</translation>
        </message>
        <message>
            <source>About KubeLab</source>
            <translation>KubeLab 정보</translation>
        </message>
        <message>
            <source>KubeLab runs a real Kubernetes-style cluster on this machine and shows what its control plane does as it reconciles.</source>
            <translation>KubeLab은 이 컴퓨터에서 실제 쿠버네티스 방식의 클러스터를 실행하고, 컨트롤 플레인이 상태를 조정(reconcile)하는 과정을 보여 줍니다.</translation>
        </message>
        <message>
            <source>KubeLab</source>
            <translation>KubeLab</translation>
        </message>
        <message>
            <source>KubeLab — %1</source>
            <translation>KubeLab — %1</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>파일(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>끝내기(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>보기(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Fit the cluster in the window</source>
            <translation>클러스터를 창에 맞추기(&amp;F)</translation>
        </message>
        <message>
            <source>Zoom &amp;in</source>
            <translation>확대(&amp;I)</translation>
        </message>
        <message>
            <source>Zoom &amp;out</source>
            <translation>축소(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Panels</source>
            <translation>패널(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>언어(&amp;L)</translation>
        </message>
        <message>
            <source>System language</source>
            <translation>시스템 언어</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>도움말(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;About KubeLab</source>
            <translation>KubeLab 정보(&amp;A)</translation>
        </message>
        <message>
            <source>Connecting to %1…</source>
            <translation>%1에 연결하는 중…</translation>
        </message>
        <message>
            <source>Connected to %1; reading the cluster…</source>
            <translation>%1에 연결됨. 클러스터를 읽는 중…</translation>
        </message>
        <message>
            <source>Watching %1</source>
            <translation>%1 관찰 중</translation>
        </message>
        <message>
            <source>This cluster has no nodes.</source>
            <translation>이 클러스터에는 노드가 없습니다.</translation>
        </message>
        <message numerus="yes">
            <source>%n node(s)</source>
            <translation>
                <numerusform>노드 %n개</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n pod(s)</source>
            <translation>
                <numerusform>파드 %n개</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n unscheduled</source>
            <translation>
                <numerusform>미스케줄 %n개</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::ClusterScene</name>
        <message>
            <source>pods without an owner</source>
            <translation>소유자가 없는 파드</translation>
        </message>
        <message>
            <source>Deployment %1, revision %2</source>
            <translation>디플로이먼트 %1, 리비전 %2</translation>
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::ComponentItem</name>
        <message>
            <source>running</source>
            <translation>실행 중</translation>
        </message>
        <message>
            <source>starting</source>
            <translation>시작 중</translation>
        </message>
        <message>
            <source>restarting</source>
            <translation>재시작 대기</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>실패</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>중지됨</translation>
        </message>
        <message>
            <source>answering</source>
            <translation>응답 중</translation>
        </message>
        <message>
            <source>not observed</source>
            <translation>관찰 안 됨</translation>
        </message>
        <message>
            <source>store (etcd)</source>
            <translation>저장소 (etcd)</translation>
        </message>
        <message>
            <source>API server</source>
            <translation>API 서버</translation>
        </message>
        <message>
            <source>scheduler</source>
            <translation>스케줄러</translation>
        </message>
        <message>
            <source>controller manager</source>
            <translation>컨트롤러 매니저</translation>
        </message>
        <message>
            <source>cloud controller</source>
            <translation>클라우드 컨트롤러</translation>
        </message>
        <message numerus="yes">
            <source>(%n restart(s))</source>
            <translation>
                <numerusform>(재시작 %n회)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::EventListModel</name>
        <message>
            <source>Time</source>
            <translation>시각</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>유형</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>이유</translation>
        </message>
        <message>
            <source>Object</source>
            <translation>오브젝트</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>메시지</translation>
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::LegendItem</name>
        <message>
            <source>ready</source>
            <translation>준비됨</translation>
        </message>
        <message>
            <source>not ready</source>
            <translation>준비 안 됨</translation>
        </message>
        <message>
            <source>↻ restarts</source>
            <translation>↻ 재시작 횟수</translation>
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::NodeItem</name>
        <message>
            <source>Ready</source>
            <translation>Ready</translation>
        </message>
        <message>
            <source>NotReady</source>
            <translation>NotReady</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>pool %1</source>
            <translation>풀 %1</translation>
        </message>
        <message>
            <source>CPU %1 · memory %2 · max pods %3</source>
            <translation>CPU %1 · 메모리 %2 · 최대 파드 %3</translation>
        </message>
        <message>
            <source>cordoned</source>
            <translation>cordon됨</translation>
        </message>
        <message>
            <source>taints: %1</source>
            <translation>테인트: %1</translation>
        </message>
        <message>
            <source>no pods</source>
            <translation>파드 없음</translation>
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::PendingLaneItem</name>
        <message>
            <source>Pending — not yet scheduled</source>
            <translation>Pending — 아직 스케줄되지 않음</translation>
        </message>
    </context>
    <context>
        <name>kubelab::visualizer::ServiceItem</name>
        <message>
            <source>Service %1</source>
            <translation>서비스 %1</translation>
        </message>
        <message numerus="yes">
            <source>%n ready endpoint(s)</source>
            <translation>
                <numerusform>준비된 엔드포인트 %n개</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n not ready</source>
            <translation>
                <numerusform>준비 안 됨 %n개</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>main</name>
        <message>
            <source>KubeLab: a Kubernetes cluster to learn from.</source>
            <translation>KubeLab: 배우기 위한 쿠버네티스 클러스터.</translation>
        </message>
        <message>
            <source>Open this kubeconfig context instead of the embedded cluster.</source>
            <translation>내장 클러스터 대신 이 kubeconfig 컨텍스트를 엽니다.</translation>
        </message>
        <message>
            <source>The kubeconfig file for --context.</source>
            <translation>--context에 쓸 kubeconfig 파일.</translation>
        </message>
        <message>
            <source>The embedded cluster's name.</source>
            <translation>내장 클러스터의 이름.</translation>
        </message>
        <message>
            <source>The embedded cluster's state directory.</source>
            <translation>내장 클러스터의 상태 디렉터리.</translation>
        </message>
        <message>
            <source>Nodes of a new embedded cluster.</source>
            <translation>새 내장 클러스터의 노드 수.</translation>
        </message>
        <message>
            <source>Pod runtime of a new embedded cluster: simulated or process.</source>
            <translation>새 내장 클러스터의 파드 런타임: simulated 또는 process.</translation>
        </message>
        <message>
            <source>The UI language: en or ko (remembered).</source>
            <translation>UI 언어: en 또는 ko (기억됨).</translation>
        </message>
        <message>
            <source>Save the window as PNG once the cluster is shown, then quit.</source>
            <translation>클러스터가 표시되면 창을 PNG로 저장하고 종료합니다.</translation>
        </message>
        <message>
            <source>Milliseconds to wait after the cluster is shown before --screenshot.</source>
            <translation>클러스터가 표시된 뒤 --screenshot 전까지 기다릴 밀리초.</translation>
        </message>
    </context>
</TS>
