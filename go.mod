module github.com/aiflow-go/aiflow

go 1.26

replace github.com/go-python/gpython => ./third_party/gpython

require (
	github.com/alecthomas/kong v1.17.0 // indirect
	github.com/go-python/gpython v0.2.0 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/robfig/cron/v3 v3.0.1 // indirect
	github.com/rogpeppe/go-internal v1.16.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/tools v0.26.0 // indirect
)
