#include "clusterconnection.h"

#include <QCoreApplication>
#include <QDir>
#include <QMetaObject>

#include <chrono>
#include <future>
#include <utility>

#include "client/restclient.h"
#include "client/restconfig.h"
#include "informerclustersource.h"
#include "supervisor/clustercontrol.h"
#include "supervisor/statusfile.h"

namespace kubelab::app {

namespace {

using namespace std::chrono_literals;

// What the worker thread may use: it never touches the ClusterConnection directly, since the
// window can close while bringUp still runs; everything it reports goes through post().
struct WorkerContext {
  std::shared_ptr<std::atomic<bool>> alive;
  ClusterConnection* owner;

  bool stopping() const { return !alive->load(); }
  void post(std::function<void(ClusterConnection&)> action) const {
    QMetaObject::invokeMethod(
        qApp, [alive = alive, owner = owner, action = std::move(action)] {
          if (alive->load()) action(*owner);
        },
        Qt::QueuedConnection);
  }
  // Sleeps in small steps, so quitting is never held up; false when stopping.
  bool pause(std::chrono::milliseconds duration) const {
    for (auto waited = 0ms; waited < duration; waited += 50ms) {
      if (stopping()) return false;
      std::this_thread::sleep_for(50ms);
    }
    return !stopping();
  }
};

QString defaultKubeconfig() {
  QString variable = qEnvironmentVariable("KUBECONFIG");
  if (!variable.isEmpty()) return variable.split(QLatin1Char(':'), Qt::SkipEmptyParts).value(0);
  return QDir::homePath() + QStringLiteral("/.kube/config");
}

QString stateName(supervisor::ComponentState state) {
  return QString::fromLatin1(supervisor::componentStateName(state));
}

}  // namespace

QList<visualizer::ComponentView> controlPlaneComponents(const std::string& stateDirectory, QString* phase) {
  supervisor::StateDirectory state{std::filesystem::path(stateDirectory)};
  Result<supervisor::StatusFile> status = supervisor::readStatusFile(state.statusFile());
  QList<visualizer::ComponentView> components;
  if (!status) return components;
  if (phase) *phase = QString::fromLatin1(supervisor::supervisorPhaseName(status->snapshot.phase));
  for (const supervisor::ComponentStatus& component : status->snapshot.components) {
    QString name = QString::fromStdString(component.name);
    if (name.startsWith(QLatin1String("kubelet-")) || name.startsWith(QLatin1String("proxy-"))) continue;
    QString message = QString::fromStdString(component.message.empty() ? component.lastExit : component.message);
    components.append({name, stateName(component.state), component.restarts, message});
  }
  return components;
}

ClusterConnection::ClusterConnection(visualizer::ClusterModel* model, QObject* parent)
    : QObject(parent), model_(model), alive_(std::make_shared<std::atomic<bool>>(true)) {}

ClusterConnection::~ClusterConnection() {
  alive_->store(false);
  // bringUp may still be waiting for the cluster (up to its timeout); it finishes on its own
  // and the daemon it started keeps the cluster running for the next start.
  if (worker_.joinable()) worker_.detach();
}

QString ClusterConnection::displayName() const {
  if (isEmbedded()) return tr("%1 (embedded)").arg(request_.clusterName);
  return request_.context;
}

void ClusterConnection::start(const ConnectionRequest& request) {
  request_ = request;
  WorkerContext context{alive_, this};
  worker_ = std::thread([context, request] {
    std::string kubeconfig = request.kubeconfig.toStdString();
    std::string contextName = request.context.toStdString();
    std::string stateDirectory;
    if (request.context.isEmpty()) {
      std::optional<std::filesystem::path> directory;
      if (!request.stateDirectory.isEmpty()) directory = request.stateDirectory.toStdString();
      Result<supervisor::ClusterTarget> target = supervisor::resolveCluster(request.clusterName.toStdString(), directory);
      if (!target) {
        QString message = QString::fromStdString(target.status().message());
        context.post([message](ClusterConnection& owner) { emit owner.failed(message); });
        return;
      }
      stateDirectory = target->state.root().string();
      supervisor::UpRequest up;
      up.nodes = request.nodes;
      if (!request.runtime.isEmpty()) up.runtime = request.runtime.toStdString();
      auto pending = std::async(std::launch::async, [target = *target, up] { return supervisor::bringUp(target, up); });
      while (pending.wait_for(250ms) != std::future_status::ready) {
        QString phase;
        QList<visualizer::ComponentView> components = controlPlaneComponents(stateDirectory, &phase);
        context.post([components](ClusterConnection& owner) {
          int ready = 0;
          for (const auto& component : components) ready += component.state == QLatin1String("running");
          owner.model_->setComponents(components);
          emit owner.progress(tr("Starting the embedded cluster “%1”: %2 of %3 control-plane components ready…")
                                  .arg(owner.request_.clusterName)
                                  .arg(ready)
                                  .arg(components.size()));
        });
        if (context.stopping()) return;
      }
      Result<supervisor::UpReport> report = pending.get();
      if (!report) {
        QString message = QString::fromStdString(report.status().message());
        context.post([message](ClusterConnection& owner) { emit owner.failed(message); });
        return;
      }
      if (!report->otherRunningClusters.empty()) {
        QStringList others;
        for (const auto& other : report->otherRunningClusters) others.append(QString::fromStdString(other.string()));
        context.post([others](ClusterConnection& owner) { emit owner.sharesAddressesWith(others); });
      }
      kubeconfig = report->kubeconfig.string();
      contextName.clear();  // the cluster's own kubeconfig has just its context, current
    } else if (kubeconfig.empty()) {
      kubeconfig = defaultKubeconfig().toStdString();
    }

    Result<client::RestConfig> config = client::loadKubeconfig(kubeconfig, contextName);
    if (!config) {
      QString message = QString::fromStdString(config.status().message());
      context.post([message](ClusterConnection& owner) { emit owner.failed(message); });
      return;
    }
    QString server = QString::fromStdString(config->server());
    auto restClient = std::make_unique<client::RestClient>(*config);
    // Usable as soon as the API answers.
    for (int attempt = 0;; ++attempt) {
      Result<std::string> version = restClient->getRaw("/version");
      if (version) break;
      QString message = QString::fromStdString(version.status().message());
      context.post([server, message](ClusterConnection& owner) {
        emit owner.progress(tr("Waiting for the API server at %1: %2").arg(server, message));
      });
      if (!context.pause(attempt < 10 ? 300ms : 2000ms)) return;
    }
    auto holder = std::make_shared<std::unique_ptr<client::ApiInterface>>(std::move(restClient));
    bool embedded = request.context.isEmpty();
    context.post([holder, server, embedded](ClusterConnection& owner) {
      owner.model_->setSource(std::make_unique<visualizer::InformerClusterSource>(std::move(*holder)));
      if (!embedded) {
        // A cluster we do not supervise: the API server answers; the rest is not observed.
        QList<visualizer::ComponentView> components;
        for (const char* name : {"store", "apiserver", "scheduler", "controller-manager", "cloud-controller-manager"}) {
          QString component = QString::fromLatin1(name);
          components.append({component, component == QLatin1String("apiserver") ? QStringLiteral("answering")
                                                                                  : QStringLiteral("unknown"),
                             0, {}});
        }
        owner.model_->setComponents(components);
      }
      emit owner.connected(server);
    });
    if (!embedded) return;
    // The supervisor's view of the control plane, once a second, for as long as the app runs.
    while (context.pause(1000ms)) {
      QList<visualizer::ComponentView> components = controlPlaneComponents(stateDirectory, nullptr);
      context.post([components](ClusterConnection& owner) { owner.model_->setComponents(components); });
    }
  });
}

}  // namespace kubelab::app
