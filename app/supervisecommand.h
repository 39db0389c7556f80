#pragma once
// `kubelab supervise --state-dir D`: the supervisor library starts its detached daemon by
// running the current program again with these arguments (as `kubelabctl supervise`), so the
// app answers them too, before any Qt is set up.

namespace kubelab::app {

// Whether argv asks for the supervisor daemon.
bool isSuperviseCommand(int argc, char** argv);
int runSuperviseCommand(int argc, char** argv);

}  // namespace kubelab::app
