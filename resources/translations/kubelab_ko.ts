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
    <message>
        <source>&amp;Stop the embedded cluster</source>
        <translation>내장 클러스터 중지(&amp;S)</translation>
    </message>
    <message>
        <source>Stops every process of the embedded cluster and keeps its data for the next start</source>
        <translation>내장 클러스터의 모든 프로세스를 중지하고 다음 시작을 위해 데이터를 유지합니다</translation>
    </message>
    <message>
        <source>When &amp;quitting</source>
        <translation>종료할 때(&amp;Q)</translation>
    </message>
    <message>
        <source>Ask what to do with the embedded cluster</source>
        <translation>내장 클러스터를 어떻게 할지 묻기</translation>
    </message>
    <message>
        <source>Keep the embedded cluster running in the background</source>
        <translation>내장 클러스터를 백그라운드에서 계속 실행</translation>
    </message>
    <message>
        <source>Stop the embedded cluster</source>
        <translation>내장 클러스터 중지</translation>
    </message>
    <message>
        <source>Quit KubeLab</source>
        <translation>KubeLab 종료</translation>
    </message>
    <message>
        <source>The embedded cluster can keep running in the background, so the next start is quick, or stop now (its data is kept either way).</source>
        <translation>내장 클러스터를 백그라운드에서 계속 실행해 다음 시작을 빠르게 하거나, 지금 중지할 수 있습니다 (어느 쪽이든 데이터는 유지됩니다).</translation>
    </message>
    <message>
        <source>Keep it running</source>
        <translation>계속 실행</translation>
    </message>
    <message>
        <source>Stop the cluster</source>
        <translation>클러스터 중지</translation>
    </message>
    <message>
        <source>Remember my choice (File › When quitting)</source>
        <translation>선택 기억하기 (파일 › 종료할 때)</translation>
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
<context>
    <name>kubelab::app::InstructorDock</name>
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
    <message>
        <source>absent</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>partitioned</source>
        <translation>네트워크 분리됨</translation>
    </message>
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
        <translation>재시작 중</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>stopped by instructor</source>
        <translation>강사가 중지함</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>Stopping the %1…</source>
        <translation>%1 중지 중…</translation>
    </message>
    <message>
        <source>Starting the %1…</source>
        <translation>%1 시작 중…</translation>
    </message>
    <message>
        <source>Killing the %1…</source>
        <translation>%1 강제 종료 중…</translation>
    </message>
    <message>
        <source>Restarting the store…</source>
        <translation>저장소 재시작 중…</translation>
    </message>
    <message>
        <source>Adding a node (it joins once Ready)…</source>
        <translation>노드 추가 중 (Ready가 되면 합류합니다)…</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>Stopping the embedded cluster (its data is kept)…</source>
        <translation>내장 클러스터 중지 중 (데이터는 유지됩니다)…</translation>
    </message>
    <message>
        <source>Shutting down %1 (its kubelet stops its pods first)…</source>
        <translation>%1 종료 중 (kubelet이 먼저 파드를 중지합니다)…</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>%1 시작 중…</translation>
    </message>
    <message>
        <source>Cutting the power of %1…</source>
        <translation>%1 전원 차단 중…</translation>
    </message>
    <message>
        <source>Cutting %1 off from the API server…</source>
        <translation>%1을(를) API 서버에서 분리 중…</translation>
    </message>
    <message>
        <source>Healing the partition of %1…</source>
        <translation>%1의 네트워크 분리 해제 중…</translation>
    </message>
    <message>
        <source>Draining and removing %1…</source>
        <translation>%1 드레인 후 제거 중…</translation>
    </message>
    <message>
        <source>working…</source>
        <translation>작업 중…</translation>
    </message>
    <message>
        <source>No step taken yet.</source>
        <translation>아직 실행된 단계가 없습니다.</translation>
    </message>
    <message>
        <source>Stepping: the granted step waits for a sync to take it.</source>
        <translation>단계 실행: 허용된 단계가 동기화를 기다리고 있습니다.</translation>
    </message>
    <message>
        <source>Stepping: press Step to let one sync run.</source>
        <translation>단계 실행: 단계를 누르면 동기화 하나가 실행됩니다.</translation>
    </message>
    <message>
        <source>Paused: no controller or scheduler sync runs.</source>
        <translation>일시 정지: 컨트롤러와 스케줄러의 동기화가 실행되지 않습니다.</translation>
    </message>
    <message>
        <source>Slow motion: each sync waits first.</source>
        <translation>슬로 모션: 각 동기화가 먼저 기다립니다.</translation>
    </message>
    <message>
        <source>Running at full speed.</source>
        <translation>최고 속도로 실행 중입니다.</translation>
    </message>
    <message>
        <source>Instructor</source>
        <translation>강사</translation>
    </message>
    <message>
        <source>Faults and pace control act on the embedded cluster; what each one causes shows in the view.</source>
        <translation>장애 주입과 속도 조절은 내장 클러스터에 적용되며, 그 결과가 화면에 나타납니다.</translation>
    </message>
    <message>
        <source>Faults and pace control need the embedded cluster: this cluster is not supervised by KubeLab.</source>
        <translation>장애 주입과 속도 조절에는 내장 클러스터가 필요합니다: 이 클러스터는 KubeLab이 관리하지 않습니다.</translation>
    </message>
    <message>
        <source>Pace of the controllers and the scheduler</source>
        <translation>컨트롤러와 스케줄러의 속도</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Every sync runs at once</source>
        <translation>모든 동기화가 즉시 실행됩니다</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>No sync runs until you press Run, Slow or Step</source>
        <translation>실행, 느리게 또는 단계를 누를 때까지 동기화가 실행되지 않습니다</translation>
    </message>
    <message>
        <source>Slow</source>
        <translation>느리게</translation>
    </message>
    <message>
        <source>Each sync waits as long as the slider says</source>
        <translation>각 동기화가 슬라이더에 설정된 만큼 기다립니다</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Let exactly one sync run</source>
        <translation>동기화 하나만 실행합니다</translation>
    </message>
    <message>
        <source>Slow motion: how long each sync waits</source>
        <translation>슬로 모션: 각 동기화의 대기 시간</translation>
    </message>
    <message>
        <source>Pace only these queues (none checked: all of them), so node heartbeats do not take steps:</source>
        <translation>이 큐만 속도를 조절합니다 (선택 없음: 모든 큐). 노드 하트비트가 단계를 소모하지 않도록:</translation>
    </message>
    <message>
        <source>Control plane</source>
        <translation>컨트롤 플레인</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>SIGTERM; it stays down until Start</source>
        <translation>SIGTERM: 시작을 누를 때까지 중지된 상태로 있습니다</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>강제 종료</translation>
    </message>
    <message>
        <source>SIGKILL: a crash; the supervisor restarts it with back-off</source>
        <translation>SIGKILL: 비정상 종료이며, 슈퍼바이저가 백오프 후 재시작합니다</translation>
    </message>
    <message>
        <source>Restart the store</source>
        <translation>저장소 재시작</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>A shutdown: the kubelet stops its pods first</source>
        <translation>종료: kubelet이 먼저 파드를 중지합니다</translation>
    </message>
    <message>
        <source>A power cut: the node goes NotReady and its pods are moved</source>
        <translation>전원 차단: 노드가 NotReady가 되고 파드가 옮겨집니다</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>분리</translation>
    </message>
    <message>
        <source>Partition: cut the kubelet off from the API server; its pods keep running</source>
        <translation>네트워크 분리: kubelet을 API 서버에서 끊습니다. 파드는 계속 실행됩니다</translation>
    </message>
    <message>
        <source>Heal</source>
        <translation>복구</translation>
    </message>
    <message>
        <source>End the partition</source>
        <translation>네트워크 분리를 끝냅니다</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Drain the node and remove it</source>
        <translation>노드를 드레인하고 제거합니다</translation>
    </message>
    <message>
        <source>Add a node</source>
        <translation>노드 추가</translation>
    </message>
</context>
<context>
    <name>kubelab::app::PaceControl</name>
    <message>
        <source>Step %1: the scheduler scheduled %2</source>
        <translation>단계 %1: 스케줄러가 %2을(를) 배치했습니다</translation>
    </message>
    <message>
        <source>Step %1: %2 controller synced %3</source>
        <translation>단계 %1: %2 컨트롤러가 %3을(를) 동기화했습니다</translation>
    </message>
    <message>
        <source>Pace control failed: %1</source>
        <translation>속도 조절 실패: %1</translation>
    </message>
    <message>
        <source>The controllers and the scheduler run at full speed</source>
        <translation>컨트롤러와 스케줄러가 최고 속도로 실행됩니다</translation>
    </message>
    <message>
        <source>Paused the controllers and the scheduler</source>
        <translation>컨트롤러와 스케줄러를 일시 정지했습니다</translation>
    </message>
    <message>
        <source>Slow motion: each sync waits %1 ms</source>
        <translation>슬로 모션: 각 동기화가 %1 ms 기다립니다</translation>
    </message>
    <message>
        <source>Granted step %1</source>
        <translation>단계 %1을(를) 허용했습니다</translation>
    </message>
    <message>
        <source>Pacing every queue</source>
        <translation>모든 큐의 속도를 조절합니다</translation>
    </message>
    <message>
        <source>Pacing only: %1</source>
        <translation>속도 조절 대상: %1</translation>
    </message>
</context>
</TS>
