// The client: Envoy-like ADS streams (xDS protocol, "Aggregated Discovery Service" and "ACK/NACK" sections of the
// xDS REST and gRPC protocol doc), each on its own gRPC connection. A stream asks for CDS and LDS (wildcard), then EDS
// for the EDS clusters and RDS for the listeners' route configurations, as Envoy does, and ACKs every response.
//
// Lines out: `full STREAM T_NS` when a stream first holds every type (CDS, EDS where needed, LDS, RDS), and
// `got STREAM T_NS BYTES` when a stream first receives a RouteConfiguration containing the expected text. T_NS is the
// wall-clock time (Unix ns) the response arrived. Lines in: `expect TEXT` (answered `expecting`) sets the text the
// next RDS responses are searched for: the edited route's prefix, found as is in the encoded bytes.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resource "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// expectation is the text RDS responses are searched for, and which streams have seen it.
type expectation struct {
	mu     sync.Mutex
	text   []byte
	seen   map[int]bool
	output *output
}

func (e *expectation) set(text string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.text, e.seen = []byte(text), map[int]bool{}
}

// check reports the first RouteConfiguration response on a stream that holds the expected text.
func (e *expectation) check(stream int, resp *discovery.DiscoveryResponse, at time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.text == nil || e.seen[stream] {
		return
	}
	size := 0
	found := false
	for _, r := range resp.Resources {
		size += len(r.Value)
		found = found || bytes.Contains(r.Value, e.text)
	}
	if found {
		e.seen[stream] = true
		e.output.line("got %d %d %d", stream, at.UnixNano(), size)
	}
}

// output serializes stdout lines from many streams.
type output struct{ mu sync.Mutex }

func (o *output) line(format string, args ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fmt.Printf(format+"\n", args...)
}

func runClient(args []string) error {
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	addr := fs.String("addr", "", "xDS server HOST:PORT")
	streams := fs.Int("streams", 1, "ADS streams, one connection each")
	nodePrefix := fs.String("node-prefix", "peer-client", "node ids are PREFIX-N")
	proxy := fs.String("proxy", "gloo-system~gateway-proxy", "metadata.role: the proxy whose config to ask for")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *addr == "" {
		return fmt.Errorf("-addr HOST:PORT is required")
	}
	out := &output{}
	expect := &expectation{output: out}
	for i := 0; i < *streams; i++ {
		node := &core.Node{Id: fmt.Sprintf("%s-%d", *nodePrefix, i), Metadata: &structpb.Struct{Fields: map[string]*structpb.Value{"role": structpb.NewStringValue(*proxy)}}}
		go func(i int) {
			if err := runStream(*addr, i, node, expect, out); err != nil {
				fmt.Fprintf(os.Stderr, "stream %d: %v\n", i, err)
				os.Exit(1)
			}
		}(i)
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if text, ok := strings.CutPrefix(strings.TrimSpace(in.Text()), "expect "); ok {
			expect.set(text)
			out.line("expecting")
		}
	}
	return in.Err()
}

// adsStream is one stream's subscriptions: the names asked for per type and the last response's version and nonce.
type adsStream struct {
	grpc    discovery.AggregatedDiscoveryService_StreamAggregatedResourcesClient
	node    *core.Node
	names   map[string][]string
	version map[string]string
	nonce   map[string]string
	got     map[string]bool
}

func (s *adsStream) request(typeURL string) error {
	req := &discovery.DiscoveryRequest{TypeUrl: typeURL, ResourceNames: s.names[typeURL], VersionInfo: s.version[typeURL], ResponseNonce: s.nonce[typeURL]}
	// The node goes in the first request of the stream only, as Envoy sends it.
	if s.node != nil {
		req.Node, s.node = s.node, nil
	}
	return s.grpc.Send(req)
}

func runStream(addr string, index int, node *core.Node, expect *expectation, out *output) error {
	// Retry connecting every 10 ms, so that a cold start is seen as soon as the server listens.
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithConnectParams(grpc.ConnectParams{Backoff: backoff.Config{BaseDelay: 10 * time.Millisecond, Multiplier: 1, MaxDelay: 10 * time.Millisecond}, MinConnectTimeout: time.Second}),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(1<<30)))
	if err != nil {
		return err
	}
	defer conn.Close()
	stream, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(context.Background(), grpc.WaitForReady(true))
	if err != nil {
		return err
	}
	s := &adsStream{grpc: stream, node: node, names: map[string][]string{}, version: map[string]string{}, nonce: map[string]string{}, got: map[string]bool{}}
	for _, t := range []string{resource.ClusterType, resource.ListenerType} {
		if err := s.request(t); err != nil {
			return err
		}
	}
	full := false
	for {
		resp, err := stream.Recv()
		if err != nil {
			return err
		}
		at := time.Now()
		t := resp.TypeUrl
		s.version[t], s.nonce[t], s.got[t] = resp.VersionInfo, resp.Nonce, true
		if err := s.request(t); err != nil { // the ACK
			return err
		}
		var follow string
		var names []string
		switch t {
		case resource.ClusterType:
			follow, names = resource.EndpointType, edsClusters(resp)
		case resource.ListenerType:
			follow, names = resource.RouteType, routeConfigNames(resp)
		case resource.RouteType:
			expect.check(index, resp, at)
		}
		if follow != "" && !slices.Equal(names, s.names[follow]) {
			s.names[follow] = names
			if err := s.request(follow); err != nil {
				return err
			}
		}
		if !full && s.got[resource.ClusterType] && s.got[resource.ListenerType] && s.got[resource.RouteType] && (s.got[resource.EndpointType] || len(s.names[resource.EndpointType]) == 0) {
			full = true
			out.line("full %d %d", index, at.UnixNano())
		}
	}
}

// edsClusters names the ClusterLoadAssignments the EDS clusters of a CDS response need.
func edsClusters(resp *discovery.DiscoveryResponse) []string {
	var names []string
	for _, r := range resp.Resources {
		c := &cluster.Cluster{}
		if proto.Unmarshal(r.Value, c) != nil || c.GetType() != cluster.Cluster_EDS {
			continue
		}
		name := c.GetEdsClusterConfig().GetServiceName()
		if name == "" {
			name = c.Name
		}
		names = append(names, name)
	}
	return names
}

// routeConfigNames names the RouteConfigurations the listeners' HTTP connection managers load over RDS.
func routeConfigNames(resp *discovery.DiscoveryResponse) []string {
	var names []string
	for _, r := range resp.Resources {
		l := &listener.Listener{}
		if proto.Unmarshal(r.Value, l) != nil {
			continue
		}
		for _, fc := range l.FilterChains {
			for _, f := range fc.Filters {
				m := &hcm.HttpConnectionManager{}
				if f.GetTypedConfig() == nil || f.GetTypedConfig().UnmarshalTo(m) != nil {
					continue
				}
				if n := m.GetRds().GetRouteConfigName(); n != "" && !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
	}
	return names
}
