#pragma once
// The `process` runtime (issue 5), the default and unprivileged: each container is a host
// process group started in its pod's sandbox directory (podsandbox.h), running the program the
// image catalog gives for its image, with its output in a per-run log file. One thread of the
// runtime starts, reaps and restarts containers, as the kubelet's pod workers and PLEG do:
// restartPolicy with back-off (CrashLoopBackOff), and for an image the catalog lacks,
// ErrImagePull, then ImagePullBackOff with back-off. No container outlives its pod, the
// runtime, or (through the parent-death signal) a killed kubelet.

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "runtime/imagecatalog.h"
#include "runtime/podruntime.h"
#include "runtime/prestophooks.h"

namespace kubelab::runtime {

struct ProcessRuntimeOptions {
  std::filesystem::path rootDirectory;  // sandboxes under <root>/pods/<uid>/
  std::filesystem::path catalogFile;    // resources/images.yaml; read again when it changes
  std::filesystem::path programDirectory;  // where the catalog's relative executables are
  // Kubernetes waits 10 s, doubling to 5 min; a class wants to see restarts sooner.
  std::chrono::milliseconds restartBackoffBase{1000};
  std::chrono::milliseconds restartBackoffCap{30000};
  // How long a failed pull shows as ErrImagePull before ImagePullBackOff.
  std::chrono::milliseconds imagePullAttempt{500};
};

class ProcessRuntime final : public PodRuntime {
 public:
  static Result<std::unique_ptr<ProcessRuntime>> create(ProcessRuntimeOptions options);
  ~ProcessRuntime() override;
  ProcessRuntime(const ProcessRuntime&) = delete;
  ProcessRuntime& operator=(const ProcessRuntime&) = delete;

  std::string name() const override { return "process"; }
  void ensureRunning(const boost::json::object& pod) override;
  void stop(const std::string& podUid, std::chrono::seconds gracePeriod) override;
  std::optional<PodRuntimeStatus> status(const std::string& podUid) const override;
  std::vector<std::string> runningPods() const override;
  void setChangeHandler(ChangeHandler handler) override;
  std::optional<std::vector<std::pair<std::string, ContainerStats>>> stats(const std::string& podUid) const override;
  Result<std::unique_ptr<ExecSession>> exec(const std::string& podUid, const std::string& container,
                                            const std::vector<std::string>& command, bool withStandardInput) override;
  std::optional<std::filesystem::path> logFile(const std::string& podUid, const std::string& container,
                                               int restartCount) const override;
  // projectedvolumes.h does the writing; a volume the pod does not have, or of another kind,
  // is refused.
  Status writeVolumes(const boost::json::object& pod, const std::vector<VolumeContents>& volumes) override;
  void removePod(const std::string& podUid) override { removeSandbox(podUid); }
  // Every sandbox under <root>/pods, running or not.
  std::vector<std::string> keptPods() const override;

  // The sandbox stays after stop() so that a finished pod's logs can still be read; this
  // removes it, for when the pod object is gone.
  void removeSandbox(const std::string& podUid);
  std::filesystem::path sandboxPath(const std::string& podUid) const;
  // The log file of a container's run (restartCount 0 is the first run).
  std::filesystem::path logPath(const std::string& podUid, const std::string& container, int restartCount) const;

 private:
  struct Container;
  struct Pod;

  ProcessRuntime(ProcessRuntimeOptions options, ImageCatalog catalog);
  void superviseLoop();
  // processprober.cpp: probes each running container as its spec asks, marks it ready or not,
  // and kills it when its liveness (or startup) probe fails.
  void probeLoop();
  void startProbes(Pod& pod, Container& container, const std::filesystem::path& workingDirectory);
  // The preStop hooks of the pod's running containers, ready to run outside the lock.
  std::vector<PreStopHook> preStopHooks(const Pod& pod) const;
  // A container whose image changed is stopped (SIGTERM, its pod's grace period, SIGKILL) and
  // started again from the new spec.
  void replaceChangedContainers(Pod& pod, const boost::json::object& updated);
  // Each returns true when a container changed in a way the kubelet should hear about.
  bool reap(Pod& pod, Container& container, Clock::time_point now);
  bool startIfDue(Pod& pod, Container& container, Clock::time_point now);
  bool startContainer(Pod& pod, Container& container, const CatalogImage& image, Clock::time_point now);
  void refreshCatalog();
  std::chrono::milliseconds restartDelay(int failures) const;
  // What every process of a container gets: containerenvironment's, plus KUBELAB_SANDBOX and
  // KUBELAB_CONTAINER_PORTS.
  std::vector<std::pair<std::string, std::string>> launchEnvironment(const Pod& pod, const Container& container) const;
  ContainerState reportedState(const Pod& pod, const Container& container, Clock::time_point now) const;

  ProcessRuntimeOptions options_;
  ImageCatalog catalog_;
  std::filesystem::file_time_type catalogWritten_{};
  mutable std::mutex mutex_;
  std::condition_variable changed_;  // wakes the supervisor, and stop() waiting for exits
  std::map<std::string, std::unique_ptr<Pod>> pods_;
  ChangeHandler changeHandler_;
  bool stopping_ = false;
  std::thread supervisor_;
  std::thread prober_;
};

}  // namespace kubelab::runtime
