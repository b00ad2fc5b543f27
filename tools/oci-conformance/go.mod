// Pins the OCI distribution-spec conformance suite that scripts/oci-conformance.sh builds and runs against the emulator's registry (Go module proxy only).
// Bump: go get -tool github.com/opencontainers/distribution-spec/conformance@<pseudo-version> && go mod tidy
module pulumi-gpv.local/tools/oci-conformance

go 1.26.6

tool github.com/opencontainers/distribution-spec/conformance

require (
	github.com/goccy/go-yaml v1.18.0 // indirect
	github.com/opencontainers/distribution-spec/conformance v0.0.0-20260831232431-97274622c111 // indirect
	github.com/opencontainers/distribution-spec/specs-go v0.0.0-20240926185104-8376368dd8aa // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	github.com/opencontainers/image-spec v1.1.1 // indirect
)
