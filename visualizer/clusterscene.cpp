#include "clusterscene.h"

#include <QCollator>
#include <QPropertyAnimation>

#include <algorithm>
#include <cmath>

#include "componentitem.h"
#include "legenditem.h"
#include "nodeitem.h"
#include "pendinglaneitem.h"
#include "poditem.h"
#include "serviceitem.h"
#include "trafficlinkitem.h"

namespace kubelab::visualizer {

namespace {

constexpr qreal kComponentGap = 12;
// Room above the boxes for the traffic arches, and below them for the nodes' link.
constexpr qreal kComponentTop = 40;
constexpr qreal kLaneTop = kComponentTop + ComponentItem::kHeight + 30;
constexpr qreal kSectionGap = 28;
// The unscheduled lane is a column left of the nodes: it grows downwards, so a burst of new
// pods never pushes the nodes (and their pods) around.
constexpr qreal kLaneWidth = PodItem::kWidth + 2 * PodContainerItem::kPadding;
constexpr qreal kGridLeft = kLaneWidth + ClusterScene::kNodeSpacing;

// The control plane of a cluster the supervisor does not run: shown, but not observed.
QList<ComponentView> defaultComponents() {
  QList<ComponentView> components;
  for (const char* name : {"store", "apiserver", "scheduler", "controller-manager", "cloud-controller-manager"}) {
    components.append({QString::fromLatin1(name), QStringLiteral("unknown"), 0, {}});
  }
  return components;
}

bool isApiServer(const QString& name) {
  return name == QLatin1String("apiserver") || name == QLatin1String("kube-apiserver");
}

bool isStore(const QString& name) { return name == QLatin1String("store") || name == QLatin1String("etcd"); }

qreal componentLeft(int index) { return index * (ComponentItem::kWidth + kComponentGap); }

// An arch over the row from box `index` to the API server's box `api`. Links that go further
// rise higher and end nearer the middle of the API server's box, so they nest without crossing.
QPainterPath archToApiServer(int index, int api) {
  const qreal half = ComponentItem::kWidth / 2;
  int distance = std::abs(index - api);
  qreal side = index > api ? 1 : -1;
  QPointF from(componentLeft(index) + half, kComponentTop);
  QPointF to(componentLeft(api) + half + side * std::max<qreal>(6, half - 14 - 18 * (distance - 1)), kComponentTop);
  // A cubic's peak is 3/4 of its control points' height.
  qreal height = std::min<qreal>(14 + 10 * distance, (kComponentTop - 6) / 0.75);
  QPainterPath path(from);
  path.cubicTo(from.x(), kComponentTop - height, to.x(), kComponentTop - height, to.x(), to.y());
  return path;
}

// Requests/s of each client, most first, for the API server's tooltip.
QString clientBreakdown(const ControlPlaneTraffic& traffic) {
  if (!traffic.perClient || traffic.clients.isEmpty()) return {};
  QList<std::pair<double, QString>> clients;
  for (auto client = traffic.clients.begin(); client != traffic.clients.end(); ++client) {
    clients.append({client.value(), client.key()});
  }
  std::sort(clients.begin(), clients.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  QStringList lines{ClusterScene::tr("Requests by client:")};
  for (const auto& [perSecond, user] : clients) lines.append(user + QStringLiteral(": ") + requestsPerSecondText(perSecond));
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

ClusterScene::ClusterScene(ClusterModel* model, QObject* parent)
    : QGraphicsScene(parent),
      model_(model),
      lane_(new PendingLaneItem),
      placeholder_(new QGraphicsSimpleTextItem),
      legend_(new LegendItem) {
  setBackgroundBrush(QColor(0xFF, 0xFF, 0xFF));
  // Items move in bursts of animation; a BSP tree rebuilt on every step costs more than a
  // linear scan of a few thousand items saves (see docs/architecture.md, "measured").
  setItemIndexMethod(NoIndex);
  addItem(lane_);
  lane_->setWidth(kLaneWidth);
  lane_->moveTo(QPointF(0, kLaneTop), false);
  QFont placeholderFont = font();
  placeholderFont.setPointSizeF(11);
  placeholder_->setFont(placeholderFont);
  placeholder_->setBrush(QColor(0x4B, 0x55, 0x63));
  addItem(placeholder_);
  addItem(legend_);

  connect(model_, &ClusterModel::podAdded, this, &ClusterScene::addPod);
  connect(model_, &ClusterModel::podChanged, this, &ClusterScene::changePod);
  connect(model_, &ClusterModel::podRemoved, this, &ClusterScene::removePod);
  connect(model_, &ClusterModel::nodeAdded, this, &ClusterScene::addNode);
  connect(model_, &ClusterModel::nodeChanged, this, &ClusterScene::changeNode);
  connect(model_, &ClusterModel::nodeRemoved, this, &ClusterScene::removeNode);
  connect(model_, &ClusterModel::serviceAdded, this, &ClusterScene::addService);
  connect(model_, &ClusterModel::serviceChanged, this, &ClusterScene::changeService);
  connect(model_, &ClusterModel::serviceRemoved, this, &ClusterScene::removeService);
  connect(model_, &ClusterModel::endpointsChanged, this, &ClusterScene::changeEndpoints);
  connect(model_, &ClusterModel::componentsChanged, this, &ClusterScene::updateComponents);
  connect(model_, &ClusterModel::trafficChanged, this, &ClusterScene::updateTraffic);
  trafficTimer_.setInterval(kTrafficFrameMsecs);
  connect(&trafficTimer_, &QTimer::timeout, this, &ClusterScene::stepTraffic);
  connect(model_, &ClusterModel::batchApplied, this, &ClusterScene::relayout);
  connect(model_, &ClusterModel::synced, this, [this] {
    markAllDirty();  // group titles name Deployments, which may have arrived after their pods
    relayout();
  });
  connect(model_, &ClusterModel::cleared, this, &ClusterScene::clearCluster);
  connect(this, &QGraphicsScene::selectionChanged, this, &ClusterScene::announceSelection);

  // Whatever the model already holds (a scene made after the model synced).
  updateComponents();
  for (const NodeView& node : model_->nodes()) addNode(node);
  for (const PodView& pod : model_->pods()) addPod(pod);
  for (const ServiceView& service : model_->services()) addService(service);
  for (const EndpointsView& endpoints : model_->endpoints()) changeEndpoints(endpoints);
  relayout();
}

// The items go while this scene is still whole: removing them changes the selection.
ClusterScene::~ClusterScene() {
  disconnect(this, &QGraphicsScene::selectionChanged, this, &ClusterScene::announceSelection);
  clear();
}

void ClusterScene::setPlaceholderText(const QString& text) {
  placeholder_->setText(text);
  gridDirty_ = true;
  relayout();
}

void ClusterScene::retranslate() {
  updateTraffic();
  markAllDirty();
  relayout();
  update();
  for (QGraphicsItem* item : items()) item->update();
}

PodContainerItem* ClusterScene::containerFor(const PodView& pod) const {
  if (!pod.scheduled()) return lane_;
  NodeItem* node = nodes_.value(pod.node);
  return node ? static_cast<PodContainerItem*>(node) : lane_;
}

void ClusterScene::moveToContainer(PodItem* item, PodContainerItem* container) {
  PodContainerItem* previous = item->container();
  if (previous == container) return;
  if (previous) {
    previous->releasePod(item);
    markDirty(previous);
  }
  container->adoptPod(item);
  auto* node = dynamic_cast<NodeItem*>(container);
  item->setDimmed(node && node->isGreyedOut());
  markDirty(container);
}

void ClusterScene::markDirty(PodContainerItem* container) { dirtyContainers_.insert(container); }

void ClusterScene::markAllDirty() {
  dirtyContainers_.insert(lane_);
  for (NodeItem* node : nodes_) dirtyContainers_.insert(node);
  gridDirty_ = true;
  linksDirty_ = true;
}

void ClusterScene::addPod(const PodView& pod) {
  if (PodItem* existing = pods_.value(pod.key)) {
    changePod(existing->pod(), pod);
    return;
  }
  auto* item = new PodItem(pod);
  pods_.insert(pod.key, item);
  PodContainerItem* container = containerFor(pod);
  if (model_->hasSynced() && container != lane_) {
    // Bound before we saw it unscheduled: it still starts in the lane, as every pod does.
    addItem(item);
    item->moveToSlot(lane_->mapToScene(QPointF(PodContainerItem::kPadding, 40 + PodContainerItem::kPadding)), false);
  }
  moveToContainer(item, container);
  linksDirty_ = true;
}

void ClusterScene::changePod(const PodView& old, const PodView& now) {
  PodItem* item = pods_.value(now.key);
  if (!item) {
    addPod(now);
    return;
  }
  item->setPod(now);
  moveToContainer(item, containerFor(now));
  if (old.ownerKind != now.ownerKind || old.ownerName != now.ownerName || old.created != now.created) {
    markDirty(item->container());
  }
  if (old.ready != now.ready || old.deletionTimestamp != now.deletionTimestamp) linksDirty_ = true;
}

void ClusterScene::removePod(const PodView& pod) {
  PodItem* item = pods_.take(pod.key);
  if (!item) return;
  linksDirty_ = true;
  // It keeps its place while it fades, then its container closes the gap.
  item->fadeOut([this, item] {
    if (PodContainerItem* container = item->container()) {
      container->releasePod(item);
      markDirty(container);
    }
    item->deleteLater();
    relayout();
  });
}

void ClusterScene::addNode(const NodeView& node) {
  if (nodes_.contains(node.name)) return;
  auto* item = new NodeItem(node);
  addItem(item);
  nodes_.insert(node.name, item);
  markDirty(item);
  gridDirty_ = true;
  // Pods bound to this node before it was known waited in the lane.
  for (PodItem* pod : lane_->pods()) {
    if (pod->pod().node == node.name && !pod->isLeaving()) moveToContainer(pod, item);
  }
}

void ClusterScene::changeNode(const NodeView&, const NodeView& now) {
  NodeItem* item = nodes_.value(now.name);
  if (!item) {
    addNode(now);
    return;
  }
  if (item->setNode(now)) markDirty(item);
}

void ClusterScene::removeNode(const NodeView& node) {
  NodeItem* item = nodes_.take(node.name);
  if (!item) return;
  for (PodItem* pod : QList<PodItem*>(item->pods())) moveToContainer(pod, lane_);
  dirtyContainers_.remove(item);
  gridDirty_ = true;
  auto* fade = new QPropertyAnimation(item, "opacity", item);
  fade->setDuration(PodItem::kFadeMilliseconds);
  fade->setEndValue(0.0);
  connect(fade, &QAbstractAnimation::finished, item, &QObject::deleteLater);
  fade->start();
}

void ClusterScene::addService(const ServiceView& service) {
  if (services_.contains(service.key)) return;
  auto* item = new ServiceItem(service);
  item->setEndpoints(model_->endpoints().value(service.key));
  addItem(item);
  services_.insert(service.key, item);
  gridDirty_ = true;
  linksDirty_ = true;
}

void ClusterScene::changeService(const ServiceView&, const ServiceView& now) {
  if (ServiceItem* item = services_.value(now.key)) item->setService(now);
}

void ClusterScene::removeService(const ServiceView& service) {
  delete services_.take(service.key);
  gridDirty_ = true;
}

void ClusterScene::changeEndpoints(const EndpointsView& endpoints) {
  if (ServiceItem* item = services_.value(endpoints.key)) {
    item->setEndpoints(endpoints);
    linksDirty_ = true;
  }
}

void ClusterScene::updateComponents() {
  QList<ComponentView> components = model_->components();
  if (components.isEmpty()) components = defaultComponents();
  while (components_.size() > components.size()) delete components_.takeLast();
  for (int index = 0; index < components.size(); ++index) {
    if (index < components_.size()) {
      components_[index]->setComponent(components[index]);
      continue;
    }
    auto* item = new ComponentItem(components[index]);
    item->setPos(componentLeft(index), kComponentTop);
    addItem(item);
    components_.append(item);
  }
  legend_->setPos(componentLeft(static_cast<int>(components_.size())) + 8, kComponentTop);
  updateTraffic();
}

ComponentItem* ClusterScene::componentItem(const QString& name) const {
  for (ComponentItem* item : components_) {
    if (item->component().name == name) return item;
  }
  return nullptr;
}

TrafficLinkItem* ClusterScene::linkNamed(const QString& name) {
  TrafficLinkItem*& link = trafficLinks_[name];
  if (!link) {
    link = new TrafficLinkItem;
    addItem(link);
  }
  return link;
}

// Each box's figure, and the links: client to API server, API server to store, nodes up to the
// API server. A link whose traffic is unknown hides (on a real cluster, all but the store's).
void ClusterScene::updateTraffic() {
  const ControlPlaneTraffic& traffic = model_->traffic();
  int api = -1;
  for (int index = 0; index < components_.size(); ++index) {
    if (isApiServer(components_[index]->component().name)) api = index;
  }
  QSet<QString> linked;
  for (int index = 0; index < components_.size(); ++index) {
    ComponentItem* item = components_[index];
    const QString& name = item->component().name;
    item->setTraffic(traffic.ofComponent(name), index == api ? clientBreakdown(traffic) : QString());
    if (api < 0 || index == api || (!isStore(name) && componentUser(name).isEmpty())) continue;
    TrafficLinkItem* link = linkNamed(name);
    QPainterPath arch = archToApiServer(index, api);
    link->setPath(isStore(name) ? arch.toReversed() : arch);
    link->setRate(traffic.ofComponent(name));
    linked.insert(name);
  }
  if (api >= 0) {
    TrafficLinkItem* link = linkNamed(QStringLiteral("nodes"));
    qreal x = componentLeft(api) + ComponentItem::kWidth / 2;
    QPainterPath up(QPointF(x, kLaneTop - 2));
    up.lineTo(x, kComponentTop + ComponentItem::kHeight);
    link->setPath(up);
    std::optional<double> nodes = traffic.nodes();
    link->setRate(nodes);
    link->setLabel(nodes ? tr("kubelets and proxies: %1").arg(requestsPerSecondText(*nodes)) : QString());
    linked.insert(QStringLiteral("nodes"));
  }
  bool moving = false;
  for (auto link = trafficLinks_.begin(); link != trafficLinks_.end(); ++link) {
    if (!linked.contains(link.key())) link.value()->setRate(std::nullopt);
    moving = moving || link.value()->rate().value_or(0) > 0;
  }
  if (moving && !trafficTimer_.isActive()) {
    sinceTrafficStep_.start();
    trafficTimer_.start();
  }
}

void ClusterScene::stepTraffic() {
  double seconds = static_cast<double>(sinceTrafficStep_.restart()) / 1000.0;
  bool moving = false;
  for (TrafficLinkItem* link : std::as_const(trafficLinks_)) moving = link->advance(seconds) || moving;
  if (!moving) trafficTimer_.stop();
}

void ClusterScene::clearCluster() {
  for (PodItem* pod : pods_) {
    if (pod->container()) pod->container()->releasePod(pod);
    delete pod;
  }
  pods_.clear();
  qDeleteAll(nodes_);
  nodes_.clear();
  qDeleteAll(services_);
  services_.clear();
  dirtyContainers_.clear();
  markAllDirty();
  relayout();
}

void ClusterScene::announceSelection() {
  const QList<QGraphicsItem*> selected = selectedItems();
  if (selected.isEmpty()) return;
  QGraphicsItem* item = selected.front();
  if (auto* pod = dynamic_cast<PodItem*>(item)) {
    emit objectSelected(ResourceKind::Pod, pod->pod().key);
  } else if (auto* node = dynamic_cast<NodeItem*>(item)) {
    emit objectSelected(ResourceKind::Node, node->node().key);
  } else if (auto* service = dynamic_cast<ServiceItem*>(item)) {
    emit objectSelected(ResourceKind::Service, service->service().key);
  }
}

QString ClusterScene::groupTitle(const PodView& pod) const {
  if (pod.ownerKind.isEmpty()) return tr("pods without an owner");
  QString title = pod.ownerKind + QLatin1Char(' ') + pod.ownerName;
  if (pod.ownerKind == QLatin1String("ReplicaSet")) {
    WorkloadView replicaSet = model_->workloads(ResourceKind::ReplicaSet).value(pod.ns + QLatin1Char('/') + pod.ownerName);
    if (replicaSet.ownerKind == QLatin1String("Deployment")) {
      title += QStringLiteral("  ← ") + tr("Deployment %1, revision %2").arg(replicaSet.ownerName, replicaSet.revision);
    }
  }
  return title;
}

int ClusterScene::nodeColumns() const {
  int count = static_cast<int>(nodes_.size());
  if (count <= 3) return 3;
  if (count <= 8) return 4;
  return static_cast<int>(std::ceil(std::sqrt(count * 1.5)));
}

qreal ClusterScene::gridWidth() const {
  int columns = nodeColumns();
  return columns * NodeItem::kWidth + (columns - 1) * kNodeSpacing;
}

QRectF ClusterScene::itemsBoundingRectOfTopRow() const {
  qreal width = components_.size() * (ComponentItem::kWidth + kComponentGap) + 8 + LegendItem::kWidth;
  return QRectF(-20, -20, width + 40, kComponentTop + ComponentItem::kHeight + 40);
}

void ClusterScene::relayout() {
  bool animate = model_->hasSynced();
  auto groupTitleOf = [this](const PodView& pod) { return groupTitle(pod); };
  bool laneResized = false;
  for (PodContainerItem* container : std::as_const(dirtyContainers_)) {
    bool resized = container->layoutPods(animate, groupTitleOf);
    if (container == lane_) {
      laneResized = resized;
    } else if (resized) {
      gridDirty_ = true;
    }
  }
  if (!dirtyContainers_.isEmpty()) linksDirty_ = true;
  dirtyContainers_.clear();
  if (gridDirty_) {
    layoutGrid(animate);
    linksDirty_ = true;
  }
  gridDirty_ = false;
  if (linksDirty_) updateLinks();
  linksDirty_ = false;
  if (laneResized || gridDirty_) updateSceneRect();
  emit laidOut();
}

// Nodes in natural name order (node-2 before node-10), row by row; a row is as tall as its
// tallest node. Then the Services below.
void ClusterScene::layoutGrid(bool animate) {
  QList<NodeItem*> ordered = nodes_.values();
  QCollator collator;
  collator.setNumericMode(true);
  std::sort(ordered.begin(), ordered.end(),
            [&](NodeItem* a, NodeItem* b) { return collator.compare(a->node().name, b->node().name) < 0; });
  const int columns = nodeColumns();
  qreal y = kLaneTop;
  placeholder_->setVisible(ordered.isEmpty() && !placeholder_->text().isEmpty());
  placeholder_->setPos(kGridLeft, y);
  if (placeholder_->isVisible()) y += placeholder_->boundingRect().height() + kSectionGap;
  for (int row = 0; row * columns < ordered.size(); ++row) {
    qreal rowHeight = 0;
    for (int column = 0; column < columns && row * columns + column < ordered.size(); ++column) {
      NodeItem* node = ordered[row * columns + column];
      node->moveTo(QPointF(kGridLeft + column * (NodeItem::kWidth + kNodeSpacing), y), animate);
      rowHeight = std::max(rowHeight, node->height());
    }
    y += rowHeight + kNodeSpacing;
  }
  servicesTop_ = y + kSectionGap;
  layoutServices();
}

void ClusterScene::updateSceneRect() {
  QRectF bounds(-20, -20, kGridLeft + gridWidth() + 40, servicesTop_ + 20);
  bounds |= QRectF(-20, -20, 40, kLaneTop + lane_->height() + 40);
  for (ServiceItem* service : services_) bounds |= service->sceneBoundingRect().adjusted(-20, -20, 20, 20);
  bounds |= itemsBoundingRectOfTopRow();
  setSceneRect(bounds);
}

void ClusterScene::layoutServices() {
  QList<ServiceItem*> ordered = services_.values();
  std::sort(ordered.begin(), ordered.end(),
            [](ServiceItem* a, ServiceItem* b) { return a->service().key < b->service().key; });
  const qreal width = gridWidth();
  const int perRow = std::max(1, static_cast<int>((width + kNodeSpacing) / (ServiceItem::kWidth + kNodeSpacing)));
  for (int index = 0; index < ordered.size(); ++index) {
    ordered[index]->setPos(kGridLeft + (index % perRow) * (ServiceItem::kWidth + kNodeSpacing),
                           servicesTop_ + (index / perRow) * (ServiceItem::kHeight + kSectionGap));
  }
}

// Lines end where chips are going, not where they are mid-animation.
void ClusterScene::updateLinks() {
  for (ServiceItem* service : services_) {
    QList<QPointF> targets;
    for (const QString& key : service->endpoints().readyPods) {
      PodItem* pod = pods_.value(key);
      if (!pod || !pod->container()) continue;
      targets.append(pod->container()->target() + pod->slot() + QPointF(PodItem::kWidth / 2, PodItem::kHeight));
    }
    service->setLinkTargets(targets);
  }
}

}  // namespace kubelab::visualizer
