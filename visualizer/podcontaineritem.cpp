#include "podcontaineritem.h"

#include <QFontMetricsF>
#include <QMap>
#include <QPainter>

#include <algorithm>

#include "poditem.h"

namespace kubelab::visualizer {

namespace {

QString groupKey(const PodView& pod) {
  // Owned pods first, by owner; pods without an owner last.
  if (pod.ownerKind.isEmpty()) return QStringLiteral("~");
  return pod.ownerKind + QLatin1Char('/') + pod.ns + QLatin1Char('/') + pod.ownerName;
}

bool earlier(const PodItem* left, const PodItem* right) {
  const PodView& a = left->pod();
  const PodView& b = right->pod();
  if (a.created != b.created) return a.created < b.created;
  return a.key < b.key;
}

}  // namespace

PodContainerItem::PodContainerItem(QGraphicsItem* parent) : QGraphicsObject(parent) {}

void PodContainerItem::adoptPod(PodItem* pod) {
  if (pod->container() == this) return;
  QPointF scenePosition = pod->scenePos();
  bool onScreen = pod->scene() != nullptr;
  pod->setParentItem(this);
  if (onScreen) pod->setPos(mapFromScene(scenePosition));
  pod->setContainer(this);
  pods_.append(pod);
}

void PodContainerItem::releasePod(PodItem* pod) {
  pods_.removeOne(pod);
  if (pod->container() == this) pod->setContainer(nullptr);
}

void PodContainerItem::setWidth(qreal width) {
  if (qFuzzyCompare(width, width_)) return;
  prepareGeometryChange();
  width_ = width;
}

int PodContainerItem::columns() const {
  return std::max(1, static_cast<int>((width_ - 2 * kPadding + kGap) / (PodItem::kWidth + kGap)));
}

bool PodContainerItem::layoutPods(bool animate, const GroupTitle& groupTitle) {
  QMap<QString, QList<PodItem*>> groups;
  for (PodItem* pod : pods_) groups[groupKey(pod->pod())].append(pod);
  titles_.clear();
  const int perRow = columns();
  qreal y = headerHeight() + kPadding;
  for (auto& group : groups) {
    std::sort(group.begin(), group.end(), earlier);
    titles_.append({groupTitle(group.front()->pod()), y});
    y += kGroupTitleHeight;
    for (int index = 0; index < group.size(); ++index) {
      QPointF slot(kPadding + (index % perRow) * (PodItem::kWidth + kGap),
                   y + (index / perRow) * (PodItem::kHeight + kGap));
      group[index]->moveToSlot(slot, animate);
    }
    int rows = (static_cast<int>(group.size()) + perRow - 1) / perRow;
    y += rows * (PodItem::kHeight + kGap) + 2;
  }
  qreal height = std::max(y + kPadding - kGap, headerHeight() + minimumBodyHeight());
  if (qFuzzyCompare(height, height_)) {
    update();
    return false;
  }
  prepareGeometryChange();
  height_ = height;
  return true;
}

void PodContainerItem::moveTo(QPointF target, bool animate) {
  target_ = target;
  if (!placed_ || !animate) {
    placed_ = true;
    if (move_) move_->stop();
    setPos(target);
    return;
  }
  if (pos() == target) return;
  if (move_) move_->stop();
  auto* animation = new QPropertyAnimation(this, "pos", this);
  animation->setDuration(PodItem::kMoveMilliseconds);
  animation->setEasingCurve(QEasingCurve::InOutCubic);
  animation->setStartValue(pos());
  animation->setEndValue(target);
  move_ = animation;
  animation->start(QAbstractAnimation::DeleteWhenStopped);
}

qreal PodContainerItem::minimumBodyHeight() const { return PodItem::kHeight + 2 * kPadding; }

QRectF PodContainerItem::boundingRect() const { return QRectF(0, 0, width_, height_); }

void PodContainerItem::paintGroupTitles(QPainter* painter, const QColor& color) const {
  QFont font = painter->font();
  font.setPointSizeF(7.5);
  painter->setFont(font);
  painter->setPen(color);
  QFontMetricsF metrics(font);
  for (const GroupTitleLine& title : titles_) {
    QRectF line(kPadding, title.y, width_ - 2 * kPadding, kGroupTitleHeight - 2);
    painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(title.text, Qt::ElideRight, line.width()));
  }
}

}  // namespace kubelab::visualizer
