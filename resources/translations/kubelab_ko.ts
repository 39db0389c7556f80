<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ControlPlaneTraffic</name>
    <message>
        <source>%1 req/s</source>
        <translation>초당 요청 %1</translation>
    </message>
    <message>
        <source>%1 ops/s</source>
        <translation>초당 작업 %1</translation>
    </message>
</context>
<context>
    <name>Describe</name>
    <message>
        <source>Conditions</source>
        <translation>상태 조건</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Running, started %1</source>
        <translation>실행 중, %1에 시작</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>대기 중: %1</translation>
    </message>
    <message>
        <source>Terminated: %1, exit code %2, at %3</source>
        <translation>종료됨: %1, 종료 코드 %2, %3</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>네임스페이스</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>생성 시각</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Terminating (was %1)</source>
        <translation>종료 중 (이전 %1)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>Controlled by</source>
        <translation>컨트롤러</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation>아직 시작되지 않음</translation>
    </message>
    <message>
        <source>Last state</source>
        <translation>이전 상태</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <source>Restart count</source>
        <translation>재시작 횟수</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>풀</translation>
    </message>
    <message>
        <source>Unschedulable</source>
        <translation>스케줄 불가</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Taints</source>
        <translation>테인트</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>용량</translation>
    </message>
    <message>
        <source>Allocatable</source>
        <translation>할당 가능</translation>
    </message>
    <message numerus="yes">
        <source>Pods (%n)</source>
        <translation>
            <numerusform>파드 (%n개)</numerusform>
        </translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>셀렉터</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>레플리카</translation>
    </message>
    <message>
        <source>%1 desired | %2 updated | %3 total | %4 available | %5 unavailable</source>
        <translation>원하는 수 %1 | 업데이트됨 %2 | 전체 %3 | 사용 가능 %4 | 사용 불가 %5</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>전략</translation>
    </message>
    <message>
        <source>Rolling update</source>
        <translation>롤링 업데이트</translation>
    </message>
    <message>
        <source>%1 max unavailable, %2 max surge</source>
        <translation>최대 사용 불가 %1, 최대 추가 %2</translation>
    </message>
    <message>
        <source>Desired number scheduled</source>
        <translation>스케줄되어야 할 수</translation>
    </message>
    <message>
        <source>Current number scheduled</source>
        <translation>현재 스케줄된 수</translation>
    </message>
    <message>
        <source>Number ready</source>
        <translation>준비된 수</translation>
    </message>
    <message>
        <source>Parallelism</source>
        <translation>병렬 수</translation>
    </message>
    <message>
        <source>Completions</source>
        <translation>완료 목표</translation>
    </message>
    <message>
        <source>Pods statuses</source>
        <translation>파드 상태</translation>
    </message>
    <message>
        <source>%1 active / %2 succeeded / %3 failed</source>
        <translation>실행 중 %1 / 성공 %2 / 실패 %3</translation>
    </message>
    <message>
        <source>%1 desired | %2 current | %3 ready | %4 available</source>
        <translation>원하는 수 %1 | 현재 %2 | 준비됨 %3 | 사용 가능 %4</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>리비전</translation>
    </message>
    <message>
        <source>Pod template</source>
        <translation>파드 템플릿</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>컨테이너</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Cluster IP</source>
        <translation>클러스터 IP</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>포트</translation>
    </message>
    <message>
        <source> → target %1</source>
        <translation> → 대상 %1</translation>
    </message>
    <message>
        <source>, node port %1</source>
        <translation>, 노드 포트 %1</translation>
    </message>
    <message>
        <source>Ready endpoints</source>
        <translation>준비된 엔드포인트</translation>
    </message>
    <message>
        <source>Not ready endpoints</source>
        <translation>준비되지 않은 엔드포인트</translation>
    </message>
</context>
<context>
    <name>RolloutText</name>
    <message>
        <source>Strategy Recreate: every old pod is deleted before any new pod is created, so there is no surge/unavailable arithmetic.</source>
        <translation>Recreate 전략: 새 파드를 만들기 전에 이전 파드를 모두 삭제하므로 maxSurge/maxUnavailable 계산이 없습니다.</translation>
    </message>
    <message>
        <source>replicas = %1</source>
        <translation>replicas = %1</translation>
    </message>
    <message>
        <source>maxSurge = %1 of %2, rounded up = %3</source>
        <translation>maxSurge = %2의 %1, 올림 = %3</translation>
    </message>
    <message>
        <source>maxUnavailable = %1 of %2, rounded down = %3</source>
        <translation>maxUnavailable = %2의 %1, 내림 = %3</translation>
    </message>
    <message>
        <source>The rollout may have up to replicas + maxSurge = %1 + %2 = %3 pods,</source>
        <translation>롤아웃 중 파드는 최대 replicas + maxSurge = %1 + %2 = %3개까지 있을 수 있고,</translation>
    </message>
    <message>
        <source>and must keep at least replicas − maxUnavailable = %1 − %2 = %3 available.</source>
        <translation>최소 replicas − maxUnavailable = %1 − %2 = %3개는 사용 가능해야 합니다.</translation>
    </message>
    <message>
        <source>Now: %1 pods (%2 of the newest ReplicaSet, %3 old ReplicaSet(s) with pods), %4 available.</source>
        <translation>현재: 파드 %1개 (최신 레플리카셋의 파드 %2개, 파드가 남은 이전 레플리카셋 %3개), 사용 가능 %4개.</translation>
    </message>
    <message>
        <source>Room to surge: %1 more pod(s) may be created.</source>
        <translation>추가 여유: 파드를 %1개 더 만들 수 있습니다.</translation>
    </message>
    <message>
        <source>At the surge limit: a new pod waits until an old one goes.</source>
        <translation>추가 한도에 도달: 이전 파드가 없어질 때까지 새 파드는 기다립니다.</translation>
    </message>
    <message>
        <source>Room to scale down: %1 old pod(s) may be removed.</source>
        <translation>축소 여유: 이전 파드를 %1개 없앨 수 있습니다.</translation>
    </message>
    <message>
        <source>At the availability floor: no old pod may go until a new one is available.</source>
        <translation>가용성 하한에 도달: 새 파드가 사용 가능해질 때까지 이전 파드를 없앨 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>kubelab::app::ChartsDock</name>
    <message>
        <source>Charts</source>
        <translation>차트</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>롤아웃</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>파드</translation>
    </message>
    <message>
        <source>API server</source>
        <translation>API 서버</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>Deployment:</source>
        <translation>디플로이먼트:</translation>
    </message>
    <message>
        <source>requests/s</source>
        <translation>요청/초</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Terminating</source>
        <translation>종료 중</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>The last one to change</source>
        <translation>마지막으로 바뀐 것</translation>
    </message>
    <message>
        <source>The last one to change (%1)</source>
        <translation>마지막으로 바뀐 것 (%1)</translation>
    </message>
    <message>
        <source>%1 (revision %2)</source>
        <translation>%1 (리비전 %2)</translation>
    </message>
    <message>
        <source>No Deployment yet</source>
        <translation>아직 디플로이먼트가 없습니다</translation>
    </message>
    <message>
        <source>Ready replicas of each ReplicaSet of %1</source>
        <translation>%1의 레플리카셋별 준비된 레플리카</translation>
    </message>
    <message>
        <source>Pods by phase</source>
        <translation>단계별 파드</translation>
    </message>
    <message>
        <source>API requests: %1/s now</source>
        <translation>API 요청: 현재 초당 %1</translation>
    </message>
    <message>
        <source>API requests</source>
        <translation>API 요청</translation>
    </message>
    <message>
        <source>Could not read the API server&apos;s /metrics: %1</source>
        <translation>API 서버의 /metrics를 읽지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Node metrics (metrics.k8s.io) are not available: %1</source>
        <translation>노드 메트릭(metrics.k8s.io)을 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>p50 latency (ms)</source>
        <translation>p50 지연 (ms)</translation>
    </message>
    <message>
        <source>p99 latency (ms)</source>
        <translation>p99 지연 (ms)</translation>
    </message>
    <message>
        <source>Node CPU (cores)</source>
        <translation>노드 CPU (코어)</translation>
    </message>
    <message>
        <source>Node memory (MiB)</source>
        <translation>노드 메모리 (MiB)</translation>
    </message>
</context>
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
    <name>kubelab::app::ExplanationView</name>
    <message>
        <source>Why this node?</source>
        <translation>왜 이 노드인가?</translation>
    </message>
    <message>
        <source>Select a pod, ReplicaSet or Deployment to see why it is the way it is.</source>
        <translation>파드, 레플리카셋 또는 디플로이먼트를 선택하면 지금 모습이 된 이유를 보여 줍니다.</translation>
    </message>
    <message>
        <source>How far a rolling update may go at once:</source>
        <translation>롤링 업데이트가 한 번에 갈 수 있는 범위:</translation>
    </message>
    <message>
        <source>maxSurge and maxUnavailable</source>
        <translation>maxSurge와 maxUnavailable</translation>
    </message>
    <message>
        <source>What the Deployment controller did (newest first):</source>
        <translation>디플로이먼트 컨트롤러가 한 일 (최신순):</translation>
    </message>
    <message>
        <source>ReplicaSets are not scheduled; their pods are.</source>
        <translation>레플리카셋은 스케줄되지 않습니다. 스케줄되는 것은 그 파드입니다.</translation>
    </message>
    <message>
        <source>No scheduling decision recorded for this pod (it may be older than its Events, or the cluster&apos;s scheduler does not record them).</source>
        <translation>이 파드의 스케줄링 결정 기록이 없습니다 (이벤트보다 오래된 파드이거나, 이 클러스터의 스케줄러가 기록하지 않습니다).</translation>
    </message>
    <message>
        <source>No node fits (%1): %2</source>
        <translation>맞는 노드가 없음 (%1): %2</translation>
    </message>
    <message>
        <source>The scheduler chose %1 at %2: %3 of %4 nodes passed the filters, and %1 had the highest weighted score (each plugin scores 0–100, times its weight).</source>
        <translation>스케줄러가 %2에 %1을(를) 골랐습니다: 노드 %4개 중 %3개가 필터를 통과했고, %1의 가중 점수가 가장 높았습니다 (플러그인마다 0–100점에 가중치를 곱함).</translation>
    </message>
    <message numerus="yes">
        <source>%n other node(s) had the same total; the scheduler picks one of the best at random.</source>
        <translation>
            <numerusform>다른 노드 %n개의 합계가 같았습니다. 스케줄러는 최고점 노드 중 하나를 무작위로 고릅니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Why does this pod exist?</source>
        <translation>이 파드는 왜 있는가?</translation>
    </message>
    <message>
        <source>Why does this ReplicaSet have its pods?</source>
        <translation>이 레플리카셋에는 왜 이 파드들이 있는가?</translation>
    </message>
    <message>
        <source>No Events of its owners mention it (Events expire after an hour, and a pod without an owner was created by hand).</source>
        <translation>소유자의 이벤트 중 이것을 언급하는 것이 없습니다 (이벤트는 한 시간 뒤 사라지고, 소유자가 없는 파드는 직접 만든 것입니다).</translation>
    </message>
    <message>
        <source>What its owners&apos; controllers did (newest first):</source>
        <translation>소유자의 컨트롤러가 한 일 (최신순):</translation>
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
    <message>
        <source>No summary for this kind; see its YAML.</source>
        <translation>이 종류는 요약이 없습니다. YAML을 보세요.</translation>
    </message>
    <message>
        <source>Owners: %1</source>
        <translation>소유자: %1</translation>
    </message>
    <message>
        <source>Describe</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>왜?</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>마지막 발생</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
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
    <name>kubelab::app::LogsView</name>
    <message>
        <source>Container:</source>
        <translation>컨테이너:</translation>
    </message>
    <message>
        <source>Previous instance</source>
        <translation>이전 인스턴스</translation>
    </message>
    <message>
        <source>The log of the container&apos;s last terminated run (kubectl logs --previous)</source>
        <translation>컨테이너가 마지막으로 종료된 실행의 로그 (kubectl logs --previous)</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>따라가기</translation>
    </message>
    <message>
        <source>Logs are shown for pods.</source>
        <translation>로그는 파드에만 있습니다.</translation>
    </message>
    <message>
        <source>Logs need a connection to the API server.</source>
        <translation>로그를 보려면 API 서버에 연결되어 있어야 합니다.</translation>
    </message>
    <message>
        <source>Fetching the log…</source>
        <translation>로그를 가져오는 중…</translation>
    </message>
    <message>
        <source>Could not fetch the log: %1</source>
        <translation>로그를 가져오지 못했습니다: %1</translation>
    </message>
    <message>
        <source>The log is empty.</source>
        <translation>로그가 비어 있습니다.</translation>
    </message>
    <message>
        <source>The log&apos;s last lines (up to %1).</source>
        <translation>로그의 마지막 줄들 (최대 %1줄).</translation>
    </message>
    <message>
        <source>Show what the container writes as it writes it (kubectl logs -f)</source>
        <translation>컨테이너가 쓰는 내용을 쓰는 즉시 보여 줍니다 (kubectl logs -f)</translation>
    </message>
    <message>
        <source>Follow again</source>
        <translation>다시 따라가기</translation>
    </message>
    <message>
        <source>Fetch the log&apos;s last lines again and keep following</source>
        <translation>로그의 마지막 줄을 다시 가져오고 계속 따라갑니다</translation>
    </message>
    <message>
        <source>Following the log as the container writes it (the last %1 lines are kept).</source>
        <translation>컨테이너가 쓰는 대로 로그를 따라가는 중입니다 (마지막 %1줄을 보관).</translation>
    </message>
    <message>
        <source>Not following: the log as it was when following stopped.</source>
        <translation>따라가지 않음: 따라가기를 멈췄을 때의 로그입니다.</translation>
    </message>
    <message>
        <source>The log ended: the container stopped, or the pod is gone.</source>
        <translation>로그가 끝났습니다: 컨테이너가 멈췄거나 파드가 사라졌습니다.</translation>
    </message>
    <message>
        <source>The log stream broke off: %1</source>
        <translation>로그 스트림이 끊겼습니다: %1</translation>
    </message>
    <message>
        <source>Could not follow the log: %1. Trying again…</source>
        <translation>로그를 따라갈 수 없습니다: %1. 다시 시도하는 중…</translation>
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
    <message>
        <source>Another cluster is running</source>
        <translation>다른 클러스터가 실행 중입니다</translation>
    </message>
    <message>
        <source>Another KubeLab cluster is running on this machine (%1). Every cluster uses the same pod, Service and LoadBalancer addresses, so pods that listen on the same port in both clash: they restart, or never become ready. Stop the other one with: kubelabctl down --state-dir %2</source>
        <translation>이 컴퓨터에서 다른 KubeLab 클러스터가 실행 중입니다 (%1). 모든 클러스터가 같은 파드, 서비스, 로드밸런서 주소를 쓰므로 두 클러스터에서 같은 포트를 여는 파드끼리 충돌합니다: 재시작되거나 준비 상태가 되지 않습니다. 다른 클러스터를 멈추려면: kubelabctl down --state-dir %2</translation>
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
<context>
    <name>kubelab::app::TimeTravelDock</name>
    <message>
        <source>Not recording</source>
        <translation>기록하지 않음</translation>
    </message>
    <message>
        <source>Live · recording</source>
        <translation>실시간 · 기록 중</translation>
    </message>
    <message>
        <source>Replaying %1 (%2 s ago)</source>
        <translation>%1 재생 중 (%2초 전)</translation>
    </message>
    <message>
        <source>Time travel</source>
        <translation>타임 트래블</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Replay the recording from the moment shown (or from a minute ago)</source>
        <translation>보이는 시점부터(또는 1분 전부터) 기록을 재생합니다</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <source>Back to the cluster as it is now</source>
        <translation>현재 클러스터로 돌아갑니다</translation>
    </message>
    <message>
        <source>Drag to see the cluster as it was at any moment of the last hour</source>
        <translation>끌어서 지난 한 시간 중 어느 시점의 클러스터든 봅니다</translation>
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
    <message>
        <source>Requests by client:</source>
        <translation>클라이언트별 요청:</translation>
    </message>
    <message>
        <source>kubelets and proxies: %1</source>
        <translation>kubelet과 프록시: %1</translation>
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
    <name>kubelab::visualizer::SchedulingDecisionModel</name>
    <message>
        <source>%1 ★ chosen</source>
        <translation>%1 ★ 선택됨</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>통과</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>거부: %1</translation>
    </message>
    <message>
        <source>refused by %1: %2</source>
        <translation>%1이(가) 거부: %2</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>%1 (×%2)</source>
        <translation>%1 (×%2)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
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
        <source>The embedded cluster&apos;s name.</source>
        <translation>내장 클러스터의 이름.</translation>
    </message>
    <message>
        <source>The embedded cluster&apos;s state directory.</source>
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
    <message>
        <source>Show this panel first (charts, events, inspector, timeTravel; charts:2 for its third tab).</source>
        <translation>이 패널을 먼저 보여 줍니다 (charts, events, inspector, timeTravel; 세 번째 탭은 charts:2).</translation>
    </message>
</context>
</TS>
