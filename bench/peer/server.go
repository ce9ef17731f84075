// The server: go-control-plane's SnapshotCache (ADS mode) and server v3 over gRPC, serving a translate output.
//
// Lines out: `xds: HOST:PORT` once listening, `ready` once the first snapshot is set. Lines in: `prepare FILE` parses
// FILE (a translate output; types it lacks keep their current resources) into the next snapshot, untimed, answering
// `prepared`; `bump` calls SetSnapshot with it and answers `bump T_NS`, the wall-clock time (Unix ns) just before
// SetSnapshot: the time of the change.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discoverygrpc "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	cache "github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	resource "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	server "github.com/envoyproxy/go-control-plane/pkg/server/v3"
	"google.golang.org/grpc"
)

// defaultProxy is the proxy key xds-sandbox gives a node without metadata.role (proxy-keys.ts).
const defaultProxy = "gloo-system~gateway-proxy"

// byRole keys nodes as xds-sandbox's proxyKeyOf does: metadata.role, else the default proxy.
type byRole struct{}

func (byRole) ID(node *core.Node) string {
	if role := strings.TrimSpace(node.GetMetadata().GetFields()["role"].GetStringValue()); role != "" {
		return role
	}
	return defaultProxy
}

// served is what the server holds: per proxy, the resources and version of each type.
type served map[string]map[resource.Type]cache.Resources

func runServer(args []string) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	set := fs.String("set", "", "translate output (JSON) to serve first")
	addr := fs.String("addr", "127.0.0.1:0", "xDS address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *set == "" {
		return fmt.Errorf("-set FILE is required")
	}
	snapshots := cache.NewSnapshotCache(true, byRole{}, nil)
	grpcServer := grpc.NewServer()
	discoverygrpc.RegisterAggregatedDiscoveryServiceServer(grpcServer, server.NewServer(context.Background(), snapshots, nil))
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	go func() { _ = grpcServer.Serve(lis) }()
	fmt.Printf("xds: %s\n", lis.Addr())

	current := served{}
	next, err := prepare(current, *set, 1)
	if err != nil {
		return err
	}
	if _, err := setAll(snapshots, next); err != nil {
		return err
	}
	current = next
	fmt.Println("ready")
	debug.FreeOSMemory()

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<16), 1<<20)
	var prepared served
	for bump := 2; in.Scan(); {
		line := strings.TrimSpace(in.Text())
		switch {
		case strings.HasPrefix(line, "prepare "):
			if prepared, err = prepare(current, strings.TrimPrefix(line, "prepare "), bump); err != nil {
				return err
			}
			// Leave the parse's garbage collected before the timed change.
			runtime.GC()
			fmt.Println("prepared")
		case line == "bump":
			if prepared == nil {
				return fmt.Errorf("bump before prepare")
			}
			t0, err := setAll(snapshots, prepared)
			if err != nil {
				return err
			}
			current, prepared = prepared, nil
			bump++
			fmt.Printf("bump %d\n", t0.UnixNano())
		}
	}
	return in.Err()
}

// prepare reads a translate output over the current resources: each type present in the file replaces that type's
// resources with version `version`.
func prepare(current served, file string, version int) (served, error) {
	proxies, err := loadTranslateOutput(file)
	if err != nil {
		return nil, err
	}
	next := served{}
	for node, types := range current {
		next[node] = map[resource.Type]cache.Resources{}
		for t, r := range types {
			next[node][t] = r
		}
	}
	for node, types := range proxies {
		if next[node] == nil {
			next[node] = map[resource.Type]cache.Resources{}
		}
		for t, items := range types {
			next[node][t] = cache.NewResources(fmt.Sprint(version), items)
		}
	}
	return next, nil
}

// setAll calls SetSnapshot for every proxy; returns the time just before the first call.
func setAll(snapshots cache.SnapshotCache, s served) (time.Time, error) {
	snaps := map[string]*cache.Snapshot{}
	for node, byType := range s {
		snap, err := cache.NewSnapshot("", map[resource.Type][]types.Resource{})
		if err != nil {
			return time.Time{}, err
		}
		for t, r := range byType {
			snap.Resources[cache.GetResponseType(t)] = r
		}
		if err := snap.Consistent(); err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", node, err)
		}
		snaps[node] = snap
	}
	t0 := time.Now()
	for node, snap := range snaps {
		if err := snapshots.SetSnapshot(context.Background(), node, snap); err != nil {
			return t0, err
		}
	}
	return t0, nil
}
