// The instructor panel against a real embedded cluster (temporary state directory, simulated
// runtime, 3 nodes), pressing its buttons as an instructor would:
//   - stop the scheduler: a new pod stays in the unscheduled lane; start it: the pod is bound;
//   - the scheduler's own identity may update the pace ConfigMap, and no other ConfigMap;
//   - pause (pacing the deployment queue): a new Deployment gets no ReplicaSet; one step: it
//     gets one, and the panel says which sync the step ran.
// A grab of the window is saved for a human to look at.

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

#include <boost/json/parse.hpp>

#include <cstdio>

#include "backgroundwork.h"
#include "embeddedtestcluster.h"
#include "client/restclient.h"
#include "client/restconfig.h"
#include "clusterscene.h"
#include "instructordock.h"
#include "languageswitcher.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "pendinglaneitem.h"
#include "poditem.h"
#include "supervisecommand.h"
#include "supervisor/clustercontrol.h"

using namespace kubelab;

class InstructorClusterTest : public QObject {
  Q_OBJECT

 private:
  testing::EmbeddedTestCluster cluster_{QStringLiteral("instructor")};

  static std::unique_ptr<client::RestClient> clientFor(const std::filesystem::path& kubeconfig) {
    Result<client::RestConfig> config = client::loadKubeconfig(kubeconfig.string());
    if (!config) return nullptr;
    return std::make_unique<client::RestClient>(*config);
  }

  void click(app::MainWindow& window, const QString& name) {
    QAbstractButton* button = window.instructor()->button(name);
    QVERIFY2(button, qPrintable(name));
    QTRY_VERIFY2_WITH_TIMEOUT(button->isEnabled(), qPrintable(name + QStringLiteral(" stays disabled")), 30000);
    button->click();
  }

 private slots:
  void faultsAndPaceControlShowInTheView() {
    QVERIFY(cluster_.valid());
    app::LanguageSwitcher languages;
    languages.setLanguage(QStringLiteral("en"));
    app::MainWindow window(&languages);
    window.resize(1500, 950);
    window.show();

    window.connectTo(cluster_.request());
    QTRY_VERIFY_WITH_TIMEOUT(window.model()->hasSynced(), 90000);
    QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItems().size(), 3, 30000);
    auto api = clientFor(cluster_.target().state.kubeconfigFile());
    QVERIFY(api);

    // --- Stop the scheduler: a new pod stays unscheduled; start it: the pod is bound. ---
    click(window, QStringLiteral("stop:scheduler"));
    if (QTest::currentTestFailed()) return;
    QTRY_VERIFY_WITH_TIMEOUT(window.instructor()->button(QStringLiteral("start:scheduler"))->isEnabled(), 30000);
    QVERIFY2(window.instructor()->lastResult().contains(QStringLiteral("scheduler")),
             qPrintable(window.instructor()->lastResult()));
    auto schedulerState = [&] {
      for (const auto& component : window.model()->components()) {
        if (component.name == QLatin1String("scheduler")) return component.state;
      }
      return QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(schedulerState(), QStringLiteral("stopped"), 5000);
    auto pod = boost::json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"lonely","namespace":"default"},
        "spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}})").as_object();
    auto created = api->create(client::resources::pods, "default", pod);
    QVERIFY2(created.isOk(), created.status().message().c_str());
    const QString key = QStringLiteral("default/lonely");
    QTRY_VERIFY_WITH_TIMEOUT(window.model()->pods().contains(key), 10000);
    QTest::qWait(3000);  // long enough for a running scheduler to have bound it
    QVERIFY(!window.model()->pods().value(key).scheduled());
    visualizer::PodItem* item = window.scene()->podItem(key);
    QVERIFY(item && dynamic_cast<visualizer::PendingLaneItem*>(item->container()));

    click(window, QStringLiteral("start:scheduler"));
    if (QTest::currentTestFailed()) return;
    QTRY_VERIFY_WITH_TIMEOUT(window.model()->pods().value(key).scheduled(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(dynamic_cast<visualizer::NodeItem*>(window.scene()->podItem(key)->container()), 5000);

    // --- RBAC: the scheduler may claim steps, and may not change other ConfigMaps. ---
    auto other = api->create(client::resources::configMaps, "kube-system",
                             boost::json::parse(R"({"metadata":{"name":"other"},"data":{"a":"1"}})").as_object());
    QVERIFY2(other.isOk(), other.status().message().c_str());
    QVERIFY(app::setPaceMode(*api, client::PaceMode::Run).isOk());
    auto scheduler = clientFor(cluster_.target().state.componentKubeconfigFile("kube-scheduler"));
    QVERIFY(scheduler);
    auto pace = scheduler->get(client::resources::configMaps, "kube-system", "kubelab-pace");
    QVERIFY2(pace.isOk(), pace.status().message().c_str());
    auto updated = scheduler->update(client::resources::configMaps, *pace);
    QVERIFY2(updated.isOk(), updated.status().message().c_str());
    auto forbidden = scheduler->update(client::resources::configMaps, *other);
    QVERIFY(!forbidden.isOk());
    QCOMPARE(forbidden.status().code(), StatusCode::Forbidden);

    // --- Pace control: paused, a Deployment gets no ReplicaSet; one step makes it. ---
    QTRY_VERIFY_WITH_TIMEOUT(window.instructor()->paceControl(), 10000);
    auto* deploymentQueue = window.instructor()->findChild<QCheckBox*>(QStringLiteral("pace-queue:deployment"));
    QVERIFY(deploymentQueue);
    QTRY_VERIFY_WITH_TIMEOUT(deploymentQueue->isEnabled(), 10000);
    deploymentQueue->click();
    click(window, QStringLiteral("pace-pause"));
    QTRY_COMPARE_WITH_TIMEOUT(window.instructor()->paceControl()->state().mode, client::PaceMode::Paused, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.instructor()->paceControl()->state().queues,
                              QStringList({QStringLiteral("deployment")}), 10000);
    QTest::qWait(500);  // the paced processes' informers see it too
    auto deployment = boost::json::parse(R"({
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
               "template": {"metadata": {"labels": {"app": "web"}},
                            "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}})").as_object();
    created = api->create(client::resources::deployments, "default", deployment);
    QVERIFY2(created.isOk(), created.status().message().c_str());
    auto replicaSets = [&] {
      auto list = api->list(client::resources::replicaSets, "default");
      return list ? static_cast<int>(list->items.size()) : -1;
    };
    QTest::qWait(3000);
    QCOMPARE(replicaSets(), 0);

    click(window, QStringLiteral("pace-step"));
    QTRY_COMPARE_WITH_TIMEOUT(replicaSets(), 1, 20000);
    auto* lastStep = window.instructor()->findChild<QLabel*>(QStringLiteral("pace-last-step"));
    QVERIFY(lastStep);
    QTRY_VERIFY2_WITH_TIMEOUT(lastStep->text().contains(QStringLiteral("deployment controller synced default/web")),
                              qPrintable(lastStep->text()), 10000);
    // Its pods are not paced (only the deployment queue is): they come and are scheduled.
    QTRY_VERIFY_WITH_TIMEOUT(window.model()->pods().size() == 3, 30000);
    QTest::qWait(visualizer::PodItem::kMoveMilliseconds + 300);

    QImage image = window.grab().toImage();
    QTemporaryDir pictures(QDir::tempPath() + QStringLiteral("/kubelab-instructor-XXXXXX"));
    pictures.setAutoRemove(false);  // kept for a human to look at
    QString file = pictures.filePath(QStringLiteral("kubelab-instructor.png"));
    QVERIFY(image.save(file, "PNG"));
    std::printf("screenshot: %s\n", qPrintable(file));

    click(window, QStringLiteral("pace-run"));
    QTRY_COMPARE_WITH_TIMEOUT(window.instructor()->paceControl()->state().mode, client::PaceMode::Run, 10000);
  }
};

int main(int argc, char** argv) {
  if (kubelab::app::isSuperviseCommand(argc, argv)) return kubelab::app::runSuperviseCommand(argc, argv);
  QApplication application(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("KubeLabTests"));
  InstructorClusterTest test;
  int failures = QTest::qExec(&test, argc, argv);
  kubelab::app::waitForBackgroundWork();  // the panels' threads end before static destruction
  return failures;
}

#include "instructor_cluster_test.moc"
