#include "nodeitem.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "poditem.h"

namespace kubelab::visualizer {

namespace {

QColor blend(const QColor& from, const QColor& to, qreal amount) {
  return QColor::fromRgbF(from.redF() + (to.redF() - from.redF()) * amount,
                          from.greenF() + (to.greenF() - from.greenF()) * amount,
                          from.blueF() + (to.blueF() - from.blueF()) * amount);
}

QString readinessText(NodeReadiness readiness) {
  switch (readiness) {
    case NodeReadiness::Ready: return NodeItem::tr("Ready");
    case NodeReadiness::NotReady: return NodeItem::tr("NotReady");
    case NodeReadiness::Unknown: return NodeItem::tr("Unknown");
  }
  return {};
}

}  // namespace

NodeItem::NodeItem(const NodeView& node, QGraphicsItem* parent) : PodContainerItem(parent), node_(node) {
  setWidth(kWidth);
  setFlag(ItemIsSelectable);
  setToolTip(node.name);
  greyness_ = isGreyedOut() ? 1 : 0;
}

bool NodeItem::setNode(const NodeView& node) {
  qreal header = headerHeight();
  bool wasGrey = isGreyedOut();
  node_ = node;
  if (wasGrey != isGreyedOut()) animateGreyness();
  for (PodItem* pod : pods()) pod->setDimmed(isGreyedOut());
  update();
  return !qFuzzyCompare(header, headerHeight());
}

void NodeItem::animateGreyness() {
  if (greyAnimation_) greyAnimation_->stop();
  auto* animation = new QPropertyAnimation(this, "greyness", this);
  animation->setDuration(PodItem::kMoveMilliseconds);
  animation->setStartValue(greyness_);
  animation->setEndValue(isGreyedOut() ? 1.0 : 0.0);
  greyAnimation_ = animation;
  animation->start(QAbstractAnimation::DeleteWhenStopped);
}

void NodeItem::setGreyness(qreal greyness) {
  greyness_ = greyness;
  update();
}

qreal NodeItem::headerHeight() const {
  return (node_.taints.isEmpty() && !node_.unschedulable) ? 44 : 60;
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  QRectF box = boundingRect().adjusted(1, 1, -1, -1);
  QColor fill = blend(QColor(0xF7, 0xF9, 0xFC), QColor(0xDD, 0xDF, 0xE3), greyness_);
  QColor border = blend(QColor(0x5B, 0x6B, 0x7F), QColor(0x9C, 0xA3, 0xAF), greyness_);
  QColor text = blend(QColor(0x11, 0x18, 0x27), QColor(0x6B, 0x72, 0x80), greyness_);
  bool selected = option->state & QStyle::State_Selected;
  painter->setPen(QPen(selected ? QColor(0x25, 0x63, 0xEB) : border, selected ? 2.5 : 1.2));
  painter->setBrush(fill);
  painter->drawRoundedRect(box, 8, 8);

  qreal detail = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
  QFont font = painter->font();
  font.setPointSizeF(10);
  font.setBold(true);
  painter->setFont(font);
  painter->setPen(text);
  QRectF titleLine(kPadding, 6, box.width() - 2 * kPadding, 18);
  painter->drawText(titleLine, Qt::AlignLeft | Qt::AlignVCenter, node_.name);
  if (detail < 0.3) return;

  // Ready badge, right-aligned.
  font.setPointSizeF(8);
  painter->setFont(font);
  QFontMetricsF metrics(font);
  QString badge = readinessText(node_.readiness);
  qreal badgeWidth = metrics.horizontalAdvance(badge) + 14;
  QRectF badgeRect(box.right() - kPadding - badgeWidth, 6, badgeWidth, 18);
  QColor badgeColor = node_.readiness == NodeReadiness::Ready ? QColor(0x2E, 0x9D, 0x5B) : QColor(0xB9, 0x1C, 0x1C);
  painter->setPen(Qt::NoPen);
  painter->setBrush(badgeColor);
  painter->drawRoundedRect(badgeRect, 9, 9);
  painter->setPen(Qt::white);
  painter->drawText(badgeRect, Qt::AlignCenter, badge);

  // Pool tag after the name.
  QFont nameFont = font;
  nameFont.setPointSizeF(10);
  qreal nameWidth = QFontMetricsF(nameFont).horizontalAdvance(node_.name);
  if (!node_.pool.isEmpty()) {
    QString pool = tr("pool %1").arg(node_.pool);
    QRectF poolRect(kPadding + nameWidth + 8, 7, metrics.horizontalAdvance(pool) + 12, 16);
    if (poolRect.right() < badgeRect.left() - 4) {
      painter->setPen(QPen(border, 1));
      painter->setBrush(blend(QColor(0xE0, 0xE7, 0xFF), fill, greyness_));
      painter->drawRoundedRect(poolRect, 8, 8);
      painter->setPen(text);
      painter->drawText(poolRect, Qt::AlignCenter, pool);
    }
  }

  font.setBold(false);
  painter->setFont(font);
  painter->setPen(text);
  QString capacity = tr("CPU %1 · memory %2 · max pods %3").arg(node_.cpu, node_.memory, node_.podCapacity);
  painter->drawText(QRectF(kPadding, 25, box.width() - 2 * kPadding, 14), Qt::AlignLeft | Qt::AlignVCenter,
                    metrics.elidedText(capacity, Qt::ElideRight, box.width() - 2 * kPadding));
  if (!node_.taints.isEmpty() || node_.unschedulable) {
    QStringList notes;
    if (node_.unschedulable) notes << tr("cordoned");
    notes << node_.taints;
    painter->setPen(QColor(0xB4, 0x53, 0x09));
    painter->drawText(QRectF(kPadding, 41, box.width() - 2 * kPadding, 14), Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(tr("taints: %1").arg(notes.join(QStringLiteral(", "))), Qt::ElideRight,
                                         box.width() - 2 * kPadding));
  }
  paintGroupTitles(painter, text);
  if (pods().isEmpty()) {
    painter->setPen(blend(QColor(0x9C, 0xA3, 0xAF), text, greyness_));
    painter->drawText(QRectF(0, headerHeight(), box.width(), box.height() - headerHeight()), Qt::AlignCenter,
                      tr("no pods"));
  }
}

}  // namespace kubelab::visualizer
