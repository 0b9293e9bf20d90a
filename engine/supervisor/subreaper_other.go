//go:build unix && !linux

package supervisor

// Without PR_SET_CHILD_SUBREAPER, orphans of the task go to init, which
// reaps them, and only the task's process group is ended with the run.

func becomeSubreaper() (undo func(), err error) { return func() {}, nil }

type reaper struct{}

func startReaper(int) *reaper { return &reaper{} }

func (*reaper) stop() {}

func (*reaper) leaderGone() {}

func liveChildren(int) []int { return nil }
