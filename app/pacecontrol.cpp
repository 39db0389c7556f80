#include "pacecontrol.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "backgroundwork.h"
#include "client/informer.h"
#include "client/resource.h"

namespace kubelab::app {

namespace json = boost::json;

namespace {

std::string dataString(const client::Object& configMap, const char* key) {
  const json::value* data = configMap.if_contains("data");
  if (!data || !data->is_object()) return {};
  const json::value* value = data->as_object().if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

qint64 dataCount(const client::Object& configMap, const char* key) {
  std::string text = dataString(configMap, key);
  bool ok = false;
  qint64 value = QString::fromStdString(text).trimmed().toLongLong(&ok);
  return ok && value > 0 ? value : 0;
}

bool isNotFound(const Status& status) { return status.code() == StatusCode::NotFound; }
bool isConflict(const Status& status) { return status.code() == StatusCode::Conflict; }

}  // namespace

const char* paceModeName(client::PaceMode mode) {
  switch (mode) {
    case client::PaceMode::Paused: return "paused";
    case client::PaceMode::Slow: return "slow";
    case client::PaceMode::Step: return "step";
    case client::PaceMode::Run: break;
  }
  return "run";
}

PaceState paceStateOf(const client::Object* configMap) {
  PaceState state;
  if (!configMap) return state;
  state.exists = true;
  client::PaceSettings settings = client::parsePaceSettings(configMap);
  state.mode = settings.mode;
  state.delayMilliseconds = static_cast<int>(settings.delay.count());
  state.grantedSteps = dataCount(*configMap, "grantedSteps");
  state.takenSteps = dataCount(*configMap, "takenSteps");
  state.lastStep = QString::fromStdString(dataString(*configMap, "lastStep"));
  for (const std::string& queue : settings.queues) state.queues.append(QString::fromStdString(queue));
  state.queues.sort();
  if (const json::value* metadata = configMap->if_contains("metadata"); metadata && metadata->is_object()) {
    if (const json::value* version = metadata->as_object().if_contains("resourceVersion"); version && version->is_string()) {
      state.resourceVersion = QString::fromStdString(std::string(version->as_string()));
    }
  }
  return state;
}

client::Object nextStepConfigMap(const client::Object& configMap) {
  client::Object next = configMap;
  qint64 granted = std::max(dataCount(configMap, "grantedSteps"), dataCount(configMap, "takenSteps")) + 1;
  json::value& data = next["data"];
  if (!data.is_object()) data = json::object();
  data.as_object()["grantedSteps"] = std::to_string(granted);
  data.as_object()["mode"] = "step";  // a step from run, paused or slow switches to stepping
  return next;
}

client::Object newPaceConfigMap(const json::object& data) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", json::object{{"name", client::kPaceConfigMapName}, {"namespace", client::kPaceConfigMapNamespace}}},
          {"data", data}};
}

Result<client::Object> grantPaceStep(client::ApiInterface& api, int attempts) {
  Status last = Status(StatusCode::Internal, "no attempt");
  for (int attempt = 0; attempt < attempts; ++attempt) {
    Result<client::Object> current =
        api.get(client::resources::configMaps, client::kPaceConfigMapNamespace, client::kPaceConfigMapName);
    if (!current) {
      if (!isNotFound(current.status())) return current.status();
      Result<client::Object> created = api.create(client::resources::configMaps, client::kPaceConfigMapNamespace,
                                                  newPaceConfigMap({{"mode", "step"}, {"grantedSteps", "1"}}));
      if (created || created.status().code() != StatusCode::AlreadyExists) return created;
      last = created.status();
      continue;  // someone created it meanwhile: read it
    }
    Result<client::Object> updated = api.update(client::resources::configMaps, nextStepConfigMap(*current));
    if (updated || !isConflict(updated.status())) return updated;
    last = updated.status();  // a worker claimed a step meanwhile: read the newer version
  }
  return last;
}

namespace {

Result<client::Object> patchOrCreate(client::ApiInterface& api, const json::object& data) {
  json::object patch{{"data", data}};
  Result<client::Object> patched =
      api.patch(client::resources::configMaps, client::kPaceConfigMapNamespace, client::kPaceConfigMapName,
                client::PatchType::Merge, json::serialize(patch));
  if (patched || !isNotFound(patched.status())) return patched;
  Result<client::Object> created =
      api.create(client::resources::configMaps, client::kPaceConfigMapNamespace, newPaceConfigMap(data));
  if (created || created.status().code() != StatusCode::AlreadyExists) return created;
  return api.patch(client::resources::configMaps, client::kPaceConfigMapNamespace, client::kPaceConfigMapName,
                   client::PatchType::Merge, json::serialize(patch));
}

}  // namespace

Result<client::Object> setPaceMode(client::ApiInterface& api, client::PaceMode mode,
                                   std::optional<int> delayMilliseconds) {
  json::object data{{"mode", paceModeName(mode)}};
  if (delayMilliseconds) data["delayMilliseconds"] = std::to_string(*delayMilliseconds);
  return patchOrCreate(api, data);
}

Result<client::Object> setPaceQueues(client::ApiInterface& api, const QStringList& queues) {
  return patchOrCreate(api, {{"queues", queues.join(QLatin1Char(',')).toStdString()}});
}

QString formatLastStep(const QString& lastStepJson) {
  if (lastStepJson.trimmed().isEmpty()) return {};
  QJsonParseError error;
  QJsonDocument document = QJsonDocument::fromJson(lastStepJson.toUtf8(), &error);
  if (error.error != QJsonParseError::NoError || !document.isObject()) return {};
  QJsonObject step = document.object();
  qint64 number = step.value(QStringLiteral("step")).toInteger();
  QString queue = step.value(QStringLiteral("queue")).toString();
  QString key = step.value(QStringLiteral("key")).toString();
  if (queue == QLatin1String("scheduler")) {
    return PaceControl::tr("Step %1: the scheduler scheduled %2").arg(number).arg(key);
  }
  return PaceControl::tr("Step %1: %2 controller synced %3").arg(number).arg(queue, key);
}

QStringList paceFilterQueues() {
  return {QStringLiteral("deployment"),       QStringLiteral("replicaset"),   QStringLiteral("scheduler"),
          QStringLiteral("statefulset"),      QStringLiteral("daemonset"),    QStringLiteral("job"),
          QStringLiteral("endpoints"),        QStringLiteral("garbagecollector")};
}

// One thread running requests in order, and the informer. Shared with that thread, which
// outlives the PaceControl when the window closes mid-request.
struct PaceControl::Worker {
  std::unique_ptr<client::ApiInterface> api;
  std::unique_ptr<client::Informer> informer;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::function<void()>> requests;
  bool stopping = false;

  static void run(std::shared_ptr<Worker> self) {
    for (;;) {
      std::function<void()> request;
      {
        std::unique_lock lock(self->mutex);
        self->wake.wait(lock, [&] { return self->stopping || !self->requests.empty(); });
        if (self->stopping) break;
        request = std::move(self->requests.front());
        self->requests.pop_front();
      }
      request();
    }
    if (self->informer) self->informer->stop();
  }
};

PaceControl::PaceControl(std::unique_ptr<client::ApiInterface> api, QObject* parent)
    : QObject(parent), worker_(std::make_shared<Worker>()), alive_(std::make_shared<std::atomic<bool>>(true)) {
  worker_->api = std::move(api);
  client::InformerOptions options;
  options.ns = client::kPaceConfigMapNamespace;
  options.fieldSelector = "metadata.name=";
  options.fieldSelector += client::kPaceConfigMapName;
  worker_->informer = std::make_unique<client::Informer>(*worker_->api, client::resources::configMaps, options);
  auto post = [alive = alive_, self = this](const PaceState& state) {
    QMetaObject::invokeMethod(
        qApp, [alive, self, state] { if (alive->load()) self->observe(state); }, Qt::QueuedConnection);
  };
  worker_->informer->addEventHandlers(
      {[post](const client::ObjectPointer& object) { post(paceStateOf(object.get())); },
       [post](const client::ObjectPointer&, const client::ObjectPointer& object) { post(paceStateOf(object.get())); },
       [post](const client::ObjectPointer&) { post(PaceState{}); }});
  worker_->informer->start();
  runInBackground([worker = worker_] { Worker::run(worker); });
}

PaceControl::~PaceControl() {
  alive_->store(false);
  {
    std::lock_guard lock(worker_->mutex);
    worker_->stopping = true;
  }
  worker_->wake.notify_all();  // the worker stops the informer on its way out, off this thread
}

void PaceControl::observe(const PaceState& state) {
  if (state == state_) return;
  state_ = state;
  emit stateChanged(state_);
}

void PaceControl::submit(std::function<QString(client::ApiInterface&)> request) {
  auto alive = alive_;
  std::weak_ptr<Worker> weak = worker_;
  PaceControl* self = this;
  std::lock_guard lock(worker_->mutex);
  worker_->requests.push_back([alive, weak, self, request = std::move(request)] {
    std::shared_ptr<Worker> worker = weak.lock();
    if (!worker || !alive->load()) return;
    QString error;
    QString message = request(*worker->api);
    bool ok = !message.startsWith(QLatin1Char('!'));
    if (!ok) message.remove(0, 1);
    QMetaObject::invokeMethod(
        qApp, [alive, self, message, ok] { if (alive->load()) emit self->result(message, ok); }, Qt::QueuedConnection);
  });
  worker_->wake.notify_one();
}

namespace {

// The worker's answer: the success text, or "!" and the error.
QString answer(const Result<client::Object>& result, const QString& success) {
  if (result) return success;
  return QLatin1Char('!') + PaceControl::tr("Pace control failed: %1").arg(QString::fromStdString(result.status().message()));
}

}  // namespace

void PaceControl::run() {
  submit([](client::ApiInterface& api) {
    return answer(setPaceMode(api, client::PaceMode::Run), tr("The controllers and the scheduler run at full speed"));
  });
}

void PaceControl::pause() {
  submit([](client::ApiInterface& api) {
    return answer(setPaceMode(api, client::PaceMode::Paused), tr("Paused the controllers and the scheduler"));
  });
}

void PaceControl::slow(int delayMilliseconds) {
  submit([delayMilliseconds](client::ApiInterface& api) {
    return answer(setPaceMode(api, client::PaceMode::Slow, delayMilliseconds),
                  tr("Slow motion: each sync waits %1 ms").arg(delayMilliseconds));
  });
}

void PaceControl::step() {
  submit([](client::ApiInterface& api) {
    Result<client::Object> granted = grantPaceStep(api);
    PaceState state = paceStateOf(granted ? &*granted : nullptr);
    return answer(granted, tr("Granted step %1").arg(state.grantedSteps));
  });
}

void PaceControl::setQueues(const QStringList& queues) {
  submit([queues](client::ApiInterface& api) {
    return answer(setPaceQueues(api, queues), queues.isEmpty() ? tr("Pacing every queue")
                                                               : tr("Pacing only: %1").arg(queues.join(QStringLiteral(", "))));
  });
}

}  // namespace kubelab::app
