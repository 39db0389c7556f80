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

namespace kubelab::visualizer {

namespace {

constexpr qreal kComponentGap = 12;
constexpr qreal kLaneTop = ComponentItem::kHeight + 20;
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
    item->setPos(index * (ComponentItem::kWidth + kComponentGap), 0);
    addItem(item);
    components_.append(item);
  }
  legend_->setPos(components_.size() * (ComponentItem::kWidth + kComponentGap) + 8, 0);
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
  return QRectF(-20, -20, width + 40, ComponentItem::kHeight + 40);
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
