// Reading `xds-sandbox translate -o json` (core/common/xds/translate-output.ts): proxies, each with its resources
// as Envoy v3 proto3 JSON, into go-control-plane's resource types.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpoint "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	tls "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	resource "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	// Every type the translation puts inside an Any (filters, loggers, transport sockets, protocol options), so protojson
	// resolves them: the type URLs in core/common/translate.
	_ "github.com/envoyproxy/go-control-plane/envoy/config/trace/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/file/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/grpc/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/compression/gzip/compressor/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/buffer/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/compressor/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/cors/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/csrf/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_authz/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/health_check/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/jwt_authn/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ratelimit/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/rbac/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/listener/proxy_protocol/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/listener/tls_inspector/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/connection_limit/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/tcp_proxy/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/http/header_formatters/preserve_case/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/retry/priority/previous_priorities/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
)

// translatedProxy is one proxy of the translate output; a missing list leaves that type as it is.
type translatedProxy struct {
	Node                string            `json:"node"`
	Listeners           []json.RawMessage `json:"listeners"`
	RouteConfigurations []json.RawMessage `json:"routeConfigurations"`
	Clusters            []json.RawMessage `json:"clusters"`
	Endpoints           []json.RawMessage `json:"endpoints"`
	Secrets             []json.RawMessage `json:"secrets"`
}

// loadTranslateOutput reads FILE into resources per proxy and type URL; only the lists present in the file appear.
func loadTranslateOutput(file string) (map[string]map[resource.Type][]types.Resource, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out struct {
		Proxies []translatedProxy `json:"proxies"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	result := map[string]map[resource.Type][]types.Resource{}
	for _, p := range out.Proxies {
		byType := map[resource.Type][]types.Resource{}
		lists := []struct {
			url   resource.Type
			items []json.RawMessage
			make  func() proto.Message
		}{
			{resource.ListenerType, p.Listeners, func() proto.Message { return &listener.Listener{} }},
			{resource.RouteType, p.RouteConfigurations, func() proto.Message { return &route.RouteConfiguration{} }},
			{resource.ClusterType, p.Clusters, func() proto.Message { return &cluster.Cluster{} }},
			{resource.EndpointType, p.Endpoints, func() proto.Message { return &endpoint.ClusterLoadAssignment{} }},
			{resource.SecretType, p.Secrets, func() proto.Message { return &tls.Secret{} }},
		}
		for _, l := range lists {
			if l.items == nil {
				continue
			}
			parsed := make([]types.Resource, 0, len(l.items))
			for i, raw := range l.items {
				m := l.make()
				if err := protojson.Unmarshal(raw, m); err != nil {
					return nil, fmt.Errorf("%s: proxy %s, %s #%d: %w", file, p.Node, l.url, i, err)
				}
				parsed = append(parsed, m)
			}
			byType[l.url] = parsed
		}
		result[p.Node] = byType
	}
	return result, nil
}
