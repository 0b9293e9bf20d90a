package pyhost

import (
	"strings"

	"github.com/go-python/gpython/py"
	"github.com/go-python/gpython/vm"
)

// knownStubs are task-only libraries: importing them in a definition file
// is normal (the tasks use them), so their stubs are not reported as
// possible typos.
var knownStubs = map[string]bool{
	"numpy": true, "pandas": true, "sklearn": true, "scipy": true, "torch": true,
	"tensorflow": true, "keras": true, "joblib": true, "pyflink": true, "pyspark": true,
	"pyarrow": true, "kafka": true, "confluent_kafka": true, "redis": true,
	"boto3": true, "botocore": true, "matplotlib": true, "seaborn": true, "grpc": true,
	"google": true, "xgboost": true, "lightgbm": true, "cv2": true, "PIL": true,
	"transformers": true, "mlflow": true, "sqlalchemy": true, "pymysql": true,
	"psycopg2": true, "yaml": true, "hdfs": true, "pyhdfs": true, "cloudpickle": true,
	"dill": true, "pytz": true, "dateutil": true, "urllib3": true, "httpx": true,
	"aiohttp": true, "flask": true, "ray": true, "dask": true, "statsmodels": true,
	"airflow": true, "kubernetes": true, "docker": true, "paramiko": true,
	"psutil": true, "tqdm": true, "nltk": true, "gensim": true, "h5py": true,
	"onnx": true, "onnxruntime": true, "minio": true, "oss2": true, "pymongo": true,
	"elasticsearch": true, "cassandra": true, "happybase": true, "thrift": true,
	"protobuf": true, "jieba": true,
}

// stub is a task-only library (or a name inside one). Reading attributes
// gives more stubs, so `from sklearn.svm import SVC` and annotations such
// as `np.ndarray` load; calling, iterating, indexing or subclassing a stub
// raises StubUsedError.
type stub struct {
	name string // full dotted name, e.g. "numpy.random.rand"
	kids map[string]*stub
}

var stubType = py.NewType("stub", "A task-only library that is not available while a workflow is defined.")

// Type implements py.Object.
func (s *stub) Type() *py.Type { return stubType }

func newStub(name string) *stub { return &stub{name: name, kids: map[string]*stub{}} }

// child returns the stub for a submodule or attribute by full name.
func (s *stub) child(full string) *stub {
	attr := full[strings.LastIndexByte(full, '.')+1:]
	k, ok := s.kids[attr]
	if !ok {
		k = newStub(full)
		s.kids[attr] = k
	}
	return k
}

// used is the exception raised when a stub is really used.
func (s *stub) used() error {
	top := strings.SplitN(s.name, ".", 2)[0]
	exc := py.ExceptionNewf(stubUsed, "%s is only available inside tasks; it cannot be used while the workflow is defined", top)
	exc.Dict["module"] = py.String(top)
	exc.Dict["name"] = py.String(s.name)
	return exc
}

// M__getattribute__ gives nested stubs; dunder lookups fail normally so
// that hasattr-style probing by gpython's machinery behaves.
func (s *stub) M__getattribute__(name string) (py.Object, error) {
	switch name {
	case "__name__":
		return py.String(s.name), nil
	case "__spec__", "__file__", "__path__", "__loader__":
		return py.None, nil
	}
	if strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__") {
		return nil, s.used()
	}
	return s.child(s.name + "." + name), nil
}

// M__setattr__ implements setattr(stub, ...), a use.
func (s *stub) M__setattr__(name string, value py.Object) (py.Object, error) { return nil, s.used() }

// M__call__ implements calling a stub, a use.
func (s *stub) M__call__(args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	return nil, s.used()
}

// M__iter__ implements iter(stub), a use.
func (s *stub) M__iter__() (py.Object, error) { return nil, s.used() }

// M__getitem__ implements stub[key], a use.
func (s *stub) M__getitem__(key py.Object) (py.Object, error) { return nil, s.used() }

// M__len__ implements len(stub), a use.
func (s *stub) M__len__() (py.Object, error) { return nil, s.used() }

// M__repr__ names the stub, so that tracebacks and logs stay readable.
func (s *stub) M__repr__() (py.Object, error) {
	return py.String("<stub " + s.name + ">"), nil
}

// loadStub serves a top-level unknown module according to the stub policy
// and records it.
func (c *hostContext) loadStub(full string, globals py.StringDict) (py.Object, error) {
	known := knownStubs[full]
	switch {
	case strings.Contains(full, "."),
		c.s.opts.Stubs == StubNone,
		c.s.opts.Stubs == StubKnown && !known:
		return nil, py.ExceptionNewf(py.ImportError, "No module named '%s'", full)
	}
	st := newStub(full)
	c.register(full, st)
	use := StubUse{Module: full, Known: known}
	if f, ok := globals["__file__"].(py.String); ok {
		use.File = string(f)
	}
	if n, ok := globals["__name__"].(py.String); ok {
		use.Line = importLine(c.codes[string(n)], full)
	}
	c.s.stubs = append(c.s.stubs, use)
	return st, nil
}

// importLine finds the first line of code (or nested code) that imports
// mod or one of its submodules; 0 when there is none.
func importLine(code *py.Code, mod string) int {
	if code == nil {
		return 0
	}
	ops := code.Code
	for i := 0; i < len(ops); {
		op := vm.OpCode(ops[i])
		if !op.HAS_ARG() {
			i++
			continue
		}
		arg := int(ops[i+1]) | int(ops[i+2])<<8
		if op == vm.IMPORT_NAME && arg < len(code.Names) {
			n := code.Names[arg]
			if n == mod || strings.HasPrefix(n, mod+".") {
				return int(code.Addr2Line(int32(i)))
			}
		}
		i += 3
	}
	for _, k := range code.Consts {
		if sub, ok := k.(*py.Code); ok {
			if l := importLine(sub, mod); l != 0 {
				return l
			}
		}
	}
	return 0
}
