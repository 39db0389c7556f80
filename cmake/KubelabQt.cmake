# Qt for the desktop app (visualizer/, app/, tests/gui/). Qt headers are large and the same in
# every file, so each Qt target precompiles the common ones (DESIGN.md, build time).
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Test LinguistTools)

set(KUBELAB_QT_PRECOMPILED_HEADERS
  <QtCore/QObject> <QtCore/QString> <QtCore/QHash> <QtCore/QList> <QtCore/QMap> <QtCore/QTimer>
  <QtGui/QPainter> <QtWidgets/QGraphicsObject> <QtWidgets/QGraphicsScene> <QtWidgets/QGraphicsView>
  <QtWidgets/QWidget>)

# kubelab_qt_precompiled_headers(target): the shared Qt header set, precompiled for `target`.
function(kubelab_qt_precompiled_headers target)
  target_precompile_headers(${target} PRIVATE ${KUBELAB_QT_PRECOMPILED_HEADERS})
endfunction()
