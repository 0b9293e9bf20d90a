package server_test

import (
	"testing"

	"github.com/aiflow-go/aiflow/engine/enginetest"
)

func TestMain(m *testing.M) { enginetest.Main(m) }
