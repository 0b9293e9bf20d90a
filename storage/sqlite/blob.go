package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"
)

// The driver's functions are registered for every connection the process
// opens, like the driver itself: aiflow_sha256 is what migration 0006
// keys the existing snapshot files' contents by.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("aiflow_sha256", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		var b []byte
		switch v := args[0].(type) {
		case []byte:
			b = v
		case string:
			b = []byte(v)
		case nil:
		default:
			return nil, fmt.Errorf("aiflow_sha256: want a blob, got %T", v)
		}
		h := sha256.Sum256(b)
		return h[:], nil
	})
}

// putBlob stores data once, keyed by its SHA-256, and returns its id.
func (o *ops) putBlob(ctx context.Context, data []byte) (int64, error) {
	h := sha256.Sum256(data)
	if _, err := o.q.ExecContext(ctx, `INSERT INTO blob (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`, h[:], data); err != nil {
		return 0, err
	}
	var id int64
	err := o.q.QueryRowContext(ctx, `SELECT id FROM blob WHERE hash = ?`, h[:]).Scan(&id)
	return id, err
}
