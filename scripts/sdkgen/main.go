// sdkgen: binds a Pulumi package schema and writes the SDK of one language with the code generators
// of github.com/pulumi/pulumi/pkg/v3 (codegen/python, codegen/nodejs), the ones a newer language
// host runs for `pulumi package gen-sdk`. The hosts this repository can build (v3.68.0, see
// scripts/get-language-hosts.sh) predate that call and answer "method GeneratePackage not
// implemented", so scripts/gen-sdk.sh builds this program instead, at the CLI's own version.
//
//	sdkgen SCHEMA.json python|nodejs OUT_DIR
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 4 {
		fail("usage: sdkgen SCHEMA.json python|nodejs OUT_DIR")
	}
	schemaFile, language, out := os.Args[1], os.Args[2], os.Args[3]

	raw, err := os.ReadFile(schemaFile)
	check("read the schema", err)
	var spec schema.PackageSpec
	check("parse the schema", json.Unmarshal(raw, &spec))
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	check("bind the schema", err)
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if len(diags) > 0 {
		fail(fmt.Sprintf("bind the schema: %d diagnostic(s), printed above", len(diags)))
	}

	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage("pulumi-aep", pkg, nil, noPackages{})
	case "nodejs":
		files, err = nodejs.GeneratePackage("pulumi-aep", pkg, nil, nil, false, noPackages{})
	default:
		err = fmt.Errorf("unknown language %q (python or nodejs)", language)
	}
	check("generate the "+language+" SDK", err)
	for name, content := range files {
		p := filepath.Join(out, name)
		check("write "+p, os.MkdirAll(filepath.Dir(p), 0o755))
		check("write "+p, os.WriteFile(p, content, 0o644))
	}
}

func check(step string, err error) {
	if err != nil {
		fail(step + ": " + err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "sdkgen:", msg)
	os.Exit(1)
}

// noPackages loads no other package: the schema must be self-contained (pulumi.json built-ins aside).
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q", pkg)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q", d.Name)
}

func (noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q", pkg)
}

func (noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q", d.Name)
}
