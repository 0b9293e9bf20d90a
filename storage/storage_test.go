package storage

import "testing"

func TestStatuses(t *testing.T) {
	for _, tc := range []struct {
		s               TaskStatus
		alive, finished bool
	}{
		{TaskInit, true, false},
		{TaskQueued, true, false},
		{TaskRunning, true, false},
		{TaskRetrying, true, false},
		{TaskStopping, false, false},
		{TaskSuccess, false, true},
		{TaskFailed, false, true},
		{TaskStopped, false, true},
	} {
		t.Run(string(tc.s), func(t *testing.T) {
			if tc.s.Alive() != tc.alive || tc.s.Finished() != tc.finished {
				t.Errorf("Alive, Finished = %v, %v; want %v, %v", tc.s.Alive(), tc.s.Finished(), tc.alive, tc.finished)
			}
		})
	}
	for _, s := range []ExecutionStatus{ExecutionInit, ExecutionRunning, ExecutionSuccess, ExecutionFailed, ExecutionStopped} {
		alive := s == ExecutionInit || s == ExecutionRunning
		if s.Alive() != alive || s.Finished() == alive {
			t.Errorf("%s: Alive %v, Finished %v", s, s.Alive(), s.Finished())
		}
	}
}
